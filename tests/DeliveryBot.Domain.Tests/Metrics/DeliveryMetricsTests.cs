using DeliveryBot.Domain.Calendar;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Metrics;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using DeliveryBot.TestKit;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Domain.Tests.Metrics;

/// <summary>
/// One delivery's metrics (issue 21), against the worked timetable of <see cref="WorkedDelivery"/>: on time, slips in
/// business days, QA first pass, time in each stage, gate answers and their nudges, escalations, lead time.
/// </summary>
public sealed class DeliveryMetricsTests
{
    private static readonly DateTimeOffset Now = new(2026, 4, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_delivery_handed_over_before_the_agreed_date_is_on_time_with_its_lead_time_and_escalation()
    {
        var m = DeliveryMetrics.Of(WorkedDelivery.Run().Delivery, Now);

        Assert.True(m.OnTime); // handed over 2 April, agreed 10 April
        Assert.False(m.QaFirstPass); // attempt 1 failed, attempt 2 passed
        Assert.Equal(new LeadTime(Days: 31, BusinessDays: 23), m.IntakeToHandover);
        Assert.Equal(1, m.Escalations);
        Assert.Equal(TimeSpan.FromHours(3), m.MeanTimeToResolve);
    }

    [Fact]
    public void Slips_are_actual_minus_target_in_business_days_early_ones_negative()
    {
        var m = DeliveryMetrics.Of(WorkedDelivery.Run().Delivery, Now);

        Assert.Equal(
            [
                (Milestone.IntakeHandoff, 0),
                (Milestone.ProductionStart, -3), // Wed 4 March against Mon 9 March: Thu, Fri, Mon
                (Milestone.ProductionComplete, 2), // Tue 24 March against Fri 20 March: Mon, Tue
                (Milestone.QaSubmitted, 1), // Tue 24 against Mon 23 March
                (Milestone.QaCertified, -2), // Wed 25 against Fri 27 March
                (Milestone.DeploymentStart, 0),
                (Milestone.DeploymentComplete, -2), // Mon 30 March against Wed 1 April
                (Milestone.ClientHandover, -1), // Thu 2 against Fri 3 April
            ],
            m.Slips.Select(x => (x.Milestone, x.BusinessDays)));
        Assert.DoesNotContain(m.Slips, x => x.StillRunning);
    }

    [Fact]
    public void Time_in_each_stage_runs_from_start_to_end_or_to_now_while_active()
    {
        var m = DeliveryMetrics.Of(WorkedDelivery.Run().Delivery, Now);

        Assert.Equal(
            [
                (Stage.IntakeHandoff, 3.0, false),
                (Stage.DeliveryPlanning, 46.0, false), // 2 March 13:00 to 4 March 11:00
                (Stage.ProductionTracking, 479.0, false), // 4 March 11:00 to 24 March 10:00
                (Stage.QaGate, 26.0, false),
                (Stage.DeploymentCoordination, 123.0, false), // 25 March 12:00 to 30 March 15:00
                (Stage.ClientHandover, 69.0, true), // 30 March 15:00 to now, 2 April 12:00
            ],
            m.Stages.Select(x => (x.Stage, x.Duration.TotalHours, x.StillRunning)));
    }

    [Fact]
    public void Each_gate_answer_is_timed_from_the_ask_to_the_decision_with_its_nudges()
    {
        var m = DeliveryMetrics.Of(WorkedDelivery.Run().Delivery, Now);

        Assert.Equal(
            [
                (Checks.RequirementsUnambiguous.Key, Role.DeliveryManager, 1.0, 0),
                (Checks.ClientTimelineAcknowledged.Key, Role.ClientIntakeManager, 3.0, 0),
                (Checks.ScheduleAcknowledgedByPla.Key, Role.ProductionLineArchitect, 2.0, 0),
                // asked when the schedule was published (3 March 10:00), nudged once, answered the next day at 11:00
                (Checks.ScheduleAcknowledgedByDeployment.Key, Role.DeploymentSpecialist, 25.0, 1),
                (Checks.ProductionComplete.Key, Role.ProductionLineArchitect, 479.0, 0),
                // asked when the attempt that passed went in (25 March 10:00), not the first one
                (Checks.QaPass.Key, Role.QaEngineer, 2.0, 0),
                (Checks.DeploymentSucceeded.Key, Role.DeploymentSpecialist, 123.0, 0),
            ],
            m.Answers.Select(a => (a.CheckKey, a.Role, a.Took.TotalHours, a.Nudges)));
    }

    [Fact]
    public void A_delivery_still_running_has_no_on_time_nor_lead_time_and_its_late_milestones_slip_so_far()
    {
        var s = Scenario.Opened().ToProduction(); // all on Mon 2 March 10:00; production not started nor complete
        s.At(3, 24, 10);

        var m = DeliveryMetrics.Of(s.Delivery, s.Clock.GetUtcNow());

        Assert.Equal((null, null, null), (m.OnTime, m.QaFirstPass, m.IntakeToHandover));
        Assert.Equal(
            [
                (Milestone.IntakeHandoff, 0, false),
                (Milestone.ProductionStart, 11, true), // 9 March to 24 March: 4 + 5 + 2 business days
                (Milestone.ProductionComplete, 2, true), // Fri 20 to Tue 24 March, over the weekend
                (Milestone.QaSubmitted, 1, true), // Mon 23 March; QA certified (Fri 27) is not due yet
            ],
            m.Slips.Select(x => (x.Milestone, x.BusinessDays, x.StillRunning)));
        var production = Assert.Single(m.Stages, x => x.Stage == Stage.ProductionTracking);
        Assert.Equal((TimeSpan.FromDays(22), true), (production.Duration, production.StillRunning));
        Assert.Equal((0, null), (m.Escalations, m.MeanTimeToResolve));
    }

    [Theory]
    [InlineData(false, 2)] // Mon 23 and Tue 24 March
    [InlineData(true, 1)] // Mon 23 March a holiday: Tue 24 only
    public void A_slip_counts_business_days_past_the_weekend_and_the_holidays(bool holiday, int expected)
    {
        var settings = DeliverySettings.For("Europe/London");
        if (holiday)
            settings = settings with
            {
                Calendar = settings.Calendar with { Holidays = [new Holiday(new(2026, 3, 23), "Founders' day")] },
            };
        var s = Scenario.Opened(settings).ToProduction();
        s.Ok(Pablo, new RecordCheckIn(CheckInStatus.OnTrack, null));
        s.At(3, 24, 10);
        s.Ok(Pablo, new AcknowledgeGate(Checks.ProductionComplete.Key)); // target Fri 20 March

        var m = DeliveryMetrics.Of(s.Delivery, s.Clock.GetUtcNow());

        var slip = Assert.Single(m.Slips, x => x.Milestone == Milestone.ProductionComplete);
        Assert.Equal((new DateOnly(2026, 3, 24), expected, false), (slip.Actual, slip.BusinessDays, slip.StillRunning));
    }

    [Fact]
    public void A_handover_after_the_agreed_date_is_late()
    {
        var s = Scenario.Opened().ToHandover();
        s.At(4, 13, 9); // Monday after the agreed Friday 10 April
        s.Ok(Dana, new PrepareHandover(Scenario.SamplePackage));
        s.Ok(Dana, new RecordClientCommunication(CommunicationType.HandoverCommunication, "Handover package sent"));

        var m = DeliveryMetrics.Of(s.Delivery, s.Clock.GetUtcNow());

        Assert.False(m.OnTime);
        Assert.Equal(new LeadTime(Days: 42, BusinessDays: 30), m.IntakeToHandover);
    }
}
