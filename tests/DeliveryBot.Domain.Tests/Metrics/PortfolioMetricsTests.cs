using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Incidents;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Metrics;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using DeliveryBot.TestKit;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Domain.Tests.Metrics;

/// <summary>
/// An organisation's deliveries over a month (issue 21): the delivery figures and the seed's five against their
/// targets, no data rather than zero for an empty month, a rollback counted as a failed deployment, and month on
/// month.
/// </summary>
public sealed class PortfolioMetricsTests
{
    private static readonly ReportingPeriod March = new(2026, 3, "Europe/London");
    private static readonly ReportingPeriod April = new(2026, 4, "Europe/London");

    [Fact]
    public void A_month_is_counted_from_midnight_to_midnight_in_the_readers_zone()
    {
        Assert.Equal(
            (new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 31, 23, 0, 0,
                TimeSpan.Zero)),
            (March.Interval.Start, March.Interval.End)); // London moves to summer time on 29 March
        Assert.Equal((2026, 2), (March.Previous.Year, March.Previous.Month));
        Assert.Equal(April, ReportingPeriod.Containing(new(2026, 3, 31, 23, 30, 0, TimeSpan.Zero), "Europe/London"));
        Assert.Equal("March 2026", March.ToString());
        Assert.Throws<RuleViolation>(() => new ReportingPeriod(2026, 13, "Europe/London"));
        Assert.Throws<RuleViolation>(() => new ReportingPeriod(2026, 3, "Mars/Olympus"));
    }

    [Fact]
    public void An_empty_month_has_no_data_rather_than_zero()
    {
        var m = PortfolioMetrics.Of([], March);

        Assert.Equal(
            (0, (double?)null, (double?)null, (double?)null, (double?)null, (double?)null, (double?)null),
            (m.HandedOver, m.OnTimeRate, m.AverageSlipBusinessDays, m.QaFirstPassYield, m.DeploymentsPerWeek,
                m.ChangeFailureRate, m.Availability));
        Assert.Equal((0, (TimeSpan?)null, (TimeSpan?)null, (TimeSpan?)null),
            (m.EscalationsRaised, m.EscalationMeanTimeToResolve, m.MeanLeadTimeToProduction,
                m.Incidents.MeanTimeToRecover));
        Assert.Empty(m.AnswersByRole);
        Assert.All(m.Figures.Where(f => f.Metric != Metric.Escalations),
            f => Assert.Equal((null, Judgement.NoData), (f.Value, f.Judgement)));
    }

    [Fact]
    public void The_worked_delivery_adds_up_over_march()
    {
        var m = PortfolioMetrics.Of([WorkedDelivery.Run().Delivery], March);

        Assert.Equal((0, null), (m.HandedOver, m.OnTimeRate)); // handed over in April
        // milestones reached in March: 0, -3, +2, +1, -2, 0, -2
        Assert.Equal(-4.0 / 7, m.AverageSlipBusinessDays!.Value, precision: 10);
        Assert.Equal(0.0, m.QaFirstPassYield);
        Assert.Equal(
            [
                (Role.DeliveryManager, 1, 1.0, 0.0),
                (Role.ClientIntakeManager, 1, 3.0, 0.0),
                (Role.ProductionLineArchitect, 2, 240.5, 0.0), // 2 h and 479 h
                (Role.QaEngineer, 1, 2.0, 0.0),
                (Role.DeploymentSpecialist, 2, 74.0, 0.5), // 25 h (one nudge) and 123 h
            ],
            m.AnswersByRole.Select(a => (a.Role, a.Answers, a.MeanTime.TotalHours, a.MeanNudges)));
        Assert.Equal((1, TimeSpan.FromHours(3)), (m.EscalationsRaised, m.EscalationMeanTimeToResolve));
        // one go-live (30 March 15:00 UTC) in 31 days, none failed; production started 4 March 11:00
        Assert.Equal((1, 1, 0), (m.GoLives, m.Deployments, m.FailedDeployments));
        Assert.Equal(7.0 / 31, m.DeploymentsPerWeek!.Value, precision: 10);
        Assert.Equal(TimeSpan.FromHours(628), m.MeanLeadTimeToProduction);
        Assert.Equal(
            [
                (Metric.DeploymentFrequency, Judgement.Missed),
                (Metric.LeadTimeToProduction, Judgement.Missed),
                (Metric.ChangeFailureRate, Judgement.Met),
                (Metric.MeanTimeToRecover, Judgement.NoData),
                (Metric.Availability, Judgement.NoData),
            ],
            m.Figures.Where(f => f.Judgement != Judgement.NoTarget && f.Metric is not (Metric.OnTimeRate
                    or Metric.EscalationTimeToResolve or Metric.IntakeToHandover))
                .Select(f => (f.Metric, f.Judgement)));
        Assert.Equal("Lead time, production start to go-live (hours)", m.Figure(Metric.LeadTimeToProduction)!.Label);
    }

    [Fact]
    public void The_handover_counts_in_the_month_it_reached_the_client()
    {
        var m = PortfolioMetrics.Of([WorkedDelivery.Run().Delivery], April);

        Assert.Equal((1, 1.0, 31.0), (m.HandedOver, m.OnTimeRate, m.MeanIntakeToHandoverDays));
        Assert.Equal(-1.0, m.AverageSlipBusinessDays); // the client handover, a business day early
        Assert.Equal((0, 0, (double?)null, (double?)null),
            (m.GoLives, m.Deployments, m.DeploymentsPerWeek, m.ChangeFailureRate));
        Assert.Null(m.QaFirstPassYield);
    }

    [Fact]
    public void A_rolled_back_deployment_counts_as_failed_before_and_after_go_live()
    {
        // B: rolled back while deploying on 2 March and not deployed again
        var b = Deploying(RolloutMethod.Canary);
        b.Ok(Diego, new RecordCanaryStep(5));
        b.Ok(Diego, new RollBackDeployment("Error rate > 1%", "2.3% 5xx at 5%", Clean: true));
        // C: live on Fri 6 March 16:00, rolled back after go-live the next Monday, the success metrics not met
        var c = Deploying(RolloutMethod.BlueGreen);
        c.Ok(Diego, new RecordBlueGreenSwitch());
        c.Ok(Diego, new UpdateDeploymentChecklist([.. DeploymentChecklist.AllItems]));
        c.At(3, 6, 16);
        c.Ok(Diego, new AcknowledgeGate(Checks.DeploymentSucceeded.Key));
        c.At(3, 9, 10);
        c.Ok(Diego, new RollBackDeployment(Rollout.MetricsNotMet, "Error rate 0.4%", Clean: true));
        // A: the worked delivery, live on 30 March
        var a = WorkedDelivery.Run();

        var m = PortfolioMetrics.Of([a.Delivery, b.Delivery, c.Delivery], March);

        // deployments: A and C live, B's failed attempt; failed: B, and C rolled back after its go-live
        Assert.Equal((2, 3, 2), (m.GoLives, m.Deployments, m.FailedDeployments));
        Assert.Equal(2.0 / 3, m.ChangeFailureRate!.Value, precision: 10);
        Assert.Equal(Judgement.Missed, m.Figure(Metric.ChangeFailureRate)!.Judgement);
        Assert.Equal(14.0 / 31, m.DeploymentsPerWeek!.Value, precision: 10);
        // production start to go-live: A 628 h; C 2 March 10:00 to 6 March 16:00, 102 h
        Assert.Equal(TimeSpan.FromHours(365), m.MeanLeadTimeToProduction);
    }

    [Fact]
    public void Mttr_comes_from_the_incidents_and_availability_from_the_sla_when_given()
    {
        var s = Scenario.Opened().ToHandover();
        s.Ok(Diego, new DeclareIncident("Queue stuck", Severity.Sev2, "Intake", s.Clock.GetUtcNow()));
        s.Later(TimeSpan.FromMinutes(40)).Ok(Diego, new ResolveIncident("I1", "Restarted", "Leak"));
        var other = Scenario.Opened().ToHandover();

        var met = PortfolioMetrics.Of(
            [s.Delivery, other.Delivery], March, availability: d => d == s.Delivery ? 0.9995 : null);

        Assert.Equal(TimeSpan.FromMinutes(40), met.Incidents.MeanTimeToRecover);
        Assert.Equal((1, 0.9995), (met.Incidents.Total, met.Availability));
        Assert.Equal((Judgement.Met, Judgement.Met),
            (met.Figure(Metric.MeanTimeToRecover)!.Judgement, met.Figure(Metric.Availability)!.Judgement));

        s.Ok(Diego, new DeclareIncident("Login down", Severity.Sev1, "Auth", s.Clock.GetUtcNow()));
        s.Later(TimeSpan.FromMinutes(90)).Ok(Diego, new ResolveIncident("I2", "Rolled the config back", "Config"));
        var missed = PortfolioMetrics.Of([s.Delivery], March, availability: _ => 0.998);

        Assert.Equal(TimeSpan.FromMinutes(65), missed.Incidents.MeanTimeToRecover);
        Assert.Equal((Judgement.Missed, Judgement.Missed),
            (missed.Figure(Metric.MeanTimeToRecover)!.Judgement, missed.Figure(Metric.Availability)!.Judgement));
    }

    [Fact]
    public void The_sla_gives_the_availability_of_the_services_live_in_the_month_and_none_for_the_others()
    {
        var s = Scenario.Opened().ToHandover();
        s.Ok(Diego, new DeclareIncident("Down", Severity.Sev1, "Intake", s.Clock.GetUtcNow(), IsOutage: true));
        s.Later(TimeSpan.FromMinutes(60)).Ok(Diego, new ResolveIncident("I1", "Restarted", "Leak"));
        var notLive = Scenario.Opened().ToProduction();
        var now = March.Interval.End.AddDays(3);

        var availability = PortfolioMetrics.ServiceAvailability(March, now);

        // a whole March (743 hours, London's clocks go forward) with one hour of outage
        Assert.Equal(1 - (60.0 / (743 * 60)), availability(s.Delivery)!.Value, precision: 9);
        Assert.Null(availability(notLive.Delivery));
        Assert.Null(PortfolioMetrics.ServiceAvailability(March.Previous, now)(s.Delivery));
        var judged = PortfolioMetrics.Of([s.Delivery], March, availability: availability);
        Assert.Equal(Judgement.Missed, judged.Figure(Metric.Availability)!.Judgement);
    }

    [Fact]
    public void Targets_set_by_the_organisation_judge_the_same_figures()
    {
        var m = PortfolioMetrics.Of([WorkedDelivery.Run().Delivery], March,
            targets: new DeliveryTargets { DeploymentsPerWeek = 0.2, LeadTime = TimeSpan.FromDays(30) });

        Assert.Equal((Judgement.Met, Judgement.Met),
            (m.Figure(Metric.DeploymentFrequency)!.Judgement, m.Figure(Metric.LeadTimeToProduction)!.Judgement));
    }

    [Fact]
    public void Another_organisations_delivery_is_never_counted()
    {
        var ours = Scenario.Opened().Delivery;
        var theirs = Delivery.Restore(Scenario.Opened().Delivery.State with { TenantId = "other-tenant" });

        Assert.Throws<ArgumentException>(() => PortfolioMetrics.Of([ours, theirs], March));
    }

    private static Scenario Deploying(RolloutMethod method)
    {
        var s = Scenario.Opened().ToDeployment();
        s.Ok(Diego, new ConfirmDeploymentWindow(
            new(2026, 3, 30), new(2026, 4, 1), method, RollbackPlan: "Route the traffic back."));
        s.Go();
        s.Ok(Diego, new StartDeployment());
        return s;
    }
}
