using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Incidents;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Policies;
using DeliveryBot.Domain.Record;
using DeliveryBot.Domain.Rendering;
using DeliveryBot.TestKit;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Domain.Tests.Lifecycle;

/// <summary>
/// The rollout (issue 19): the method and rollback plan set with the window, changed only before deployment starts;
/// a canary's traffic steps in the seed's order, the blue-green switch, a rolling update's progress; a rollback only
/// on a known trigger and only while deploying (or after go-live, the success metrics not met), counted as a failed
/// deployment with QA, the PLA and the DM told; and the success metrics asked for 24 hours after go-live.
/// </summary>
public sealed class RolloutTests
{
    private const string Plan = "Route the traffic back to blue.";

    private static Scenario Deploying(RolloutMethod? method = RolloutMethod.Canary)
    {
        var s = Scenario.Opened().ToDeployment();
        s.Ok(Diego, new ConfirmDeploymentWindow(
            new(2026, 3, 30), new(2026, 4, 1), method, RollbackPlan: method is null ? null : Plan));
        s.Go();
        s.Ok(Diego, new StartDeployment());
        return s;
    }

    /// <summary>Deployment succeeded on Friday 6 March at 16:00 (London, UTC then).</summary>
    private static Scenario Live()
    {
        var s = Deploying(RolloutMethod.BlueGreen);
        s.Ok(Diego, new RecordBlueGreenSwitch());
        s.Ok(Diego, new UpdateDeploymentChecklist([.. DeploymentChecklist.AllItems]));
        s.Later(new DateTimeOffset(2026, 3, 6, 16, 0, 0, TimeSpan.Zero) - s.Clock.GetUtcNow());
        s.Ok(Diego, new AcknowledgeGate(Checks.DeploymentSucceeded.Key));
        return s;
    }

    [Fact]
    public void The_window_sets_the_rollout_which_changes_only_before_deployment_starts()
    {
        var s = Scenario.Opened().ToDeployment();

        var set = s.Ok(Diego, new ConfirmDeploymentWindow(
            new(2026, 3, 30), new(2026, 4, 1), RolloutMethod.Canary, Plan, SuccessMetrics: "Error rate < 0.5%"));

        Assert.EndsWith("Rollout: canary; success metrics: Error rate < 0.5%.", set.Message);
        var rollout = s.Delivery.State.Rollout;
        Assert.Equal((RolloutMethod.Canary, Plan, "Error rate < 0.5%", "Diego"),
            (rollout.Method, rollout.RollbackPlan, rollout.SuccessMetrics, rollout.SetBy!.DisplayName));
        Assert.Equal(
            (OutcomeKind.Refused, "Write the rollback plan: how the deployment is undone if a trigger fires."),
            Kind(s.Do(Diego, new ConfirmDeploymentWindow(new(2026, 3, 30), new(2026, 4, 1), RolloutMethod.Rolling))));
        Assert.Equal(
            (OutcomeKind.Refused, "Pick the rollout method (blue-green, canary or rolling) with its plan."),
            Kind(s.Do(Diego, new ConfirmDeploymentWindow(new(2026, 3, 30), new(2026, 4, 1), RollbackPlan: Plan))));
        // a window confirmed again without a rollout keeps it; a new one replaces it, the seed's metrics by default
        s.Ok(Diego, new ConfirmDeploymentWindow(new(2026, 3, 30), new(2026, 4, 1)));
        Assert.Equal(RolloutMethod.Canary, s.Delivery.State.Rollout.Method);
        s.Ok(Diego, new ConfirmDeploymentWindow(new(2026, 3, 30), new(2026, 4, 1), RolloutMethod.BlueGreen, Plan));
        Assert.Equal((RolloutMethod.BlueGreen, Rollout.DefaultSuccessMetrics),
            (s.Delivery.State.Rollout.Method, s.Delivery.State.Rollout.SuccessMetrics));

        s.Go();
        s.Ok(Diego, new StartDeployment());
        var version = s.Delivery.Version;
        Assert.Equal(
            (OutcomeKind.Refused, "Deployment has started: the rollout method and rollback plan no longer change."),
            Kind(s.Do(Diego, new ConfirmDeploymentWindow(new(2026, 3, 30), new(2026, 4, 1), RolloutMethod.Canary,
                Plan))));
        Assert.Equal(version, s.Delivery.Version);
    }

    [Fact]
    public void Deployment_may_start_without_a_rollout_method_but_then_records_no_steps()
    {
        var s = Deploying(method: null);

        Assert.Equal(
            (OutcomeKind.Refused, "No rollout method was set with the window: set it before deployment starts."),
            Kind(s.Do(Diego, new RecordCanaryStep(5))));
        Assert.Empty(s.Delivery.State.Rollout.Steps);
    }

    [Fact]
    public void Canary_steps_are_recorded_in_the_seeds_order_with_who_and_when()
    {
        var s = Deploying();
        Assert.Equal(
            (OutcomeKind.Refused, "The canary's next step is 5%: the steps go 5% → 25% → 50% → 100% in order."),
            Kind(s.Do(Diego, new RecordCanaryStep(25))));
        Assert.Equal((OutcomeKind.Refused, "7% is not a canary step: the steps go 5% → 25% → 50% → 100%."),
            Kind(s.Do(Diego, new RecordCanaryStep(7))));
        Assert.Equal(OutcomeKind.Forbidden, s.Do(Dana, new RecordCanaryStep(5)).Kind);

        Assert.Equal("Canary at 5% of the traffic, recorded by Diego.", s.Ok(Diego, new RecordCanaryStep(5)).Message);
        var version = s.Delivery.Version;
        var again = s.Do(Diego, new RecordCanaryStep(5));
        Assert.Equal((OutcomeKind.AlreadyDecided, "The canary was already at 5% (Diego, 2026-03-02 10:00); nothing "
            + "changed."), Kind(again));
        Assert.Equal(version, s.Delivery.Version);
        s.Later(TimeSpan.FromMinutes(30));
        foreach (var percent in new[] { 25, 50, 100 }) s.Ok(Diego, new RecordCanaryStep(percent));

        Assert.Null(s.Delivery.NextCanaryStep);
        Assert.Equal([5, 25, 50, 100], s.Delivery.RolloutSteps.Select(step => step.Done));
        Assert.All(s.Delivery.RolloutSteps, step => Assert.Equal(("Diego", 1), (step.By.DisplayName, step.Attempt)));
        Assert.Equal(s.Clock.GetUtcNow(), s.Delivery.RolloutSteps[^1].At);
        Assert.Equal(OutcomeKind.Refused, s.Do(Diego, new RecordBlueGreenSwitch()).Kind);
    }

    [Fact]
    public void Steps_are_recorded_only_while_deploying()
    {
        var s = Scenario.Opened().ToDeployment();
        s.Ok(Diego, new ConfirmDeploymentWindow(new(2026, 3, 30), new(2026, 4, 1), RolloutMethod.Canary, Plan));
        Assert.Equal((OutcomeKind.Refused, "Deployment has not started yet: record the start first."),
            Kind(s.Do(Diego, new RecordCanaryStep(5))));

        var live = Live();
        Assert.Equal((OutcomeKind.Refused, "This belongs to stage 5 (Deployment coordination), which is not under way; "
            + "the delivery is at stage 6 (Client handover)."), Kind(live.Do(Diego, new RecordBlueGreenSwitch())));
    }

    [Fact]
    public void Blue_green_records_the_switch_once_and_rolling_records_its_progress_n_of_n()
    {
        var blueGreen = Deploying(RolloutMethod.BlueGreen);
        blueGreen.Ok(Diego, new RecordBlueGreenSwitch());
        Assert.Equal(OutcomeKind.AlreadyDecided, blueGreen.Do(Diego, new RecordBlueGreenSwitch()).Kind);
        Assert.Equal("traffic switched to the new environment",
            blueGreen.Delivery.State.Rollout.Describe(Assert.Single(blueGreen.Delivery.RolloutSteps)));

        var rolling = Deploying(RolloutMethod.Rolling);
        Assert.Equal((OutcomeKind.Refused, "6 of 5 instances cannot be: say n of N with 1 ≤ n ≤ N."),
            Kind(rolling.Do(Diego, new RecordRollingProgress(6, 5))));
        rolling.Ok(Diego, new RecordRollingProgress(2, 5));
        Assert.Equal(OutcomeKind.AlreadyDecided, rolling.Do(Diego, new RecordRollingProgress(2, 5)).Kind);
        Assert.Equal((OutcomeKind.Refused, "2 of 5 instances are already updated: progress moves on."),
            Kind(rolling.Do(Diego, new RecordRollingProgress(1, 5))));
        Assert.Equal((OutcomeKind.Refused, "The rolling update counts 5 instances, not 6."),
            Kind(rolling.Do(Diego, new RecordRollingProgress(3, 6))));
        Assert.Equal("Rolling update: 5 of 5 instances updated, recorded by Diego.",
            rolling.Ok(Diego, new RecordRollingProgress(5, 5)).Message);
        Assert.Equal(["2 of 5 instances updated", "5 of 5 instances updated"],
            rolling.Delivery.RolloutSteps.Select(rolling.Delivery.State.Rollout.Describe));
    }

    [Fact]
    public void A_rollback_names_a_known_trigger_counts_as_a_failed_deployment_and_tells_qa_the_pla_and_the_dm()
    {
        var s = Deploying();
        s.Ok(Diego, new RecordCanaryStep(5));
        var version = s.Delivery.Version;
        Assert.Equal((OutcomeKind.Refused, "'Gut feeling' is not a rollback trigger: name one of Error rate > 1%, "
            + "Latency P99 > 2s, Health check failures, Critical bug discovered."),
            Kind(s.Do(Diego, new RollBackDeployment("Gut feeling", "It felt slow", Clean: true))));
        Assert.Equal((OutcomeKind.Refused, "What went wrong in the rollback is required."),
            Kind(s.Do(Diego, new RollBackDeployment("Error rate > 1%", "2.3% 5xx", Clean: false))));
        Assert.Equal(OutcomeKind.Forbidden,
            s.Do(Quinn, new RollBackDeployment("Error rate > 1%", "2.3% 5xx", Clean: true)).Kind);
        Assert.Equal(version, s.Delivery.Version);

        var rolledBack = s.Ok(Diego, new RollBackDeployment("error rate > 1% ", "2.3% 5xx at 5%", Clean: true));

        Assert.Equal("Diego rolled back the deployment on “Error rate > 1%” (2.3% 5xx at 5%): rolled back cleanly. "
            + "The deployment counts as failed: blocker B1.", rolledBack.Message);
        var blocker = Assert.Single(s.Delivery.State.Blockers);
        Assert.Equal((Stage.DeploymentCoordination, "Deployment failed: rolled back (Error rate > 1%): 2.3% 5xx at 5%",
            true), (blocker.Stage, blocker.Description, blocker.IsOpen));
        Assert.Contains(rolledBack.Events, e => e is DelayNoticeDue { Cause: "deployment-failed:B1" });
        var told = Assert.Single(rolledBack.Events.OfType<TeamTold>());
        Assert.Equal(["Quinn", "Pablo", "Dana"], told.To.Select(p => p.DisplayName));
        var rollback = Assert.Single(s.Delivery.State.Rollout.Rollbacks);
        Assert.Equal(("Error rate > 1%", "2.3% 5xx at 5%", true, false, "B1"),
            (rollback.Trigger, rollback.Seen, rollback.Clean, rollback.AfterGoLive, rollback.BlockerId));
        // the failed deployment holds the gate, and a second rollback waits for it to be resolved
        Assert.Equal(OutcomeKind.Refused, s.Do(Diego, new AcknowledgeGate(Checks.DeploymentSucceeded.Key)).Kind);
        Assert.StartsWith("The deployment was rolled back at 2026-03-02 10:00 (B1 is open)",
            s.Do(Diego, new RollBackDeployment("Health check failures", "red", Clean: true)).Message);
        // deploying again starts the canary over
        s.Ok(Dana, new ResolveBlocker("B1", "Fixed the connection pool; redeploying."));
        Assert.Equal((2, 5), (s.Delivery.RolloutAttempt, s.Delivery.NextCanaryStep));
        s.Ok(Diego, new RollBackDeployment("Latency P99 > 2s", "3.1 s", Clean: false, "Two pods stuck draining"));
        Assert.Equal("B2", s.Delivery.State.Rollout.Rollbacks[^1].BlockerId);
    }

    [Fact]
    public void No_rollback_before_deployment_starts_nor_after_the_success_metrics_were_answered()
    {
        var s = Scenario.Opened().ToDeployment();
        Assert.Equal((OutcomeKind.Refused, "Deployment has not started yet: record the start first."),
            Kind(s.Do(Diego, new RollBackDeployment("Error rate > 1%", "x", Clean: true))));

        var live = Live().Later(TimeSpan.FromDays(3));
        live.Ok(Diego, new ConfirmSuccessMetrics());
        Assert.Equal((OutcomeKind.AlreadyDecided,
            "The success metrics were already answered by Diego at 2026-03-09 16:00: met."),
            Kind(live.Do(Diego, new RollBackDeployment("Error rate > 1%", "x", Clean: true))));
    }

    [Fact]
    public void The_success_metrics_are_asked_for_24_hours_after_go_live_at_the_next_working_moment()
    {
        var s = Live();
        var now = s.Clock.GetUtcNow();

        var due = Assert.Single(ReminderPolicy.Plan(s.Delivery, now), r => r.Kind == ReminderKind.SuccessMetricsDue);

        // Friday 16:00 + 24 hours is Saturday 16:00: Diego's next working moment is Monday 09:00
        Assert.Equal((new DateTimeOffset(2026, 3, 9, 9, 0, 0, TimeSpan.Zero), "Diego"),
            (due.DueAt, due.Recipient.DisplayName));
        Assert.Contains("were the success metrics met (Error rate < 0.1%, latency P99 < 500ms)?", due.Subject);
        Assert.Equal((OutcomeKind.Refused,
            "The monitoring period runs until 2026-03-07 16:00: confirm the success metrics then."),
            Kind(s.Do(Diego, new ConfirmSuccessMetrics())));

        s.Later(TimeSpan.FromDays(1));
        Assert.Equal("Success metrics met after go-live (Error rate < 0.1%, latency P99 < 500ms), confirmed by Diego.",
            s.Ok(Diego, new ConfirmSuccessMetrics()).Message);
        Assert.True(s.Delivery.State.Rollout.Monitoring!.Met);
        Assert.DoesNotContain(ReminderPolicy.Plan(s.Delivery, s.Clock.GetUtcNow()),
            r => r.Kind == ReminderKind.SuccessMetricsDue);
        var record = RecordMarkdown.Render(s.Delivery, s.Clock.GetUtcNow());
        Assert.Contains("- **Monitoring:** met, by Diego at 2026-03-07 16:00", record);
    }

    [Fact]
    public void Not_met_after_go_live_a_rollback_is_a_blocker_on_the_current_stage_and_the_dm_is_told()
    {
        var s = Live().Later(TimeSpan.FromHours(2));

        var rolledBack = s.Ok(Diego, new RollBackDeployment(
            Rollout.MetricsNotMet, "Error rate 0.4% for two hours", Clean: true));

        Assert.StartsWith("Diego rolled back the deployment after go-live on “Success metrics not met”",
            rolledBack.Message);
        var blocker = Assert.Single(s.Delivery.State.Blockers);
        Assert.Equal((Stage.ClientHandover, true), (blocker.Stage, blocker.IsOpen));
        Assert.True(s.Delivery.Progress(Stage.DeploymentCoordination).IsDone);
        Assert.Contains(rolledBack.Events, e => e is DelayNoticeDue);
        Assert.Contains(Dana, Assert.Single(rolledBack.Events.OfType<TeamTold>()).To);
        var monitoring = s.Delivery.State.Rollout.Monitoring!;
        Assert.Equal((false, MonitoringFollowUp.RollBack, "Error rate 0.4% for two hours"),
            (monitoring.Met, monitoring.Then, monitoring.Seen));
        Assert.True(s.Delivery.State.Rollout.Rollbacks[^1].AfterGoLive);
        Assert.Equal(OutcomeKind.AlreadyDecided, s.Do(Diego, new OpenIncident("again")).Kind);
        var record = RecordMarkdown.Render(s.Delivery, s.Clock.GetUtcNow());
        Assert.Contains("- **Monitoring:** not met, rolled back (Error rate 0.4% for two hours)", record);
        Assert.Contains("| after go-live | Success metrics not met | Error rate 0.4% for two hours | clean | B1 | "
            + "Diego |", record);
    }

    [Fact]
    public void Not_met_the_specialist_may_open_a_sev2_incident_instead_and_the_dm_is_told()
    {
        var s = Live();
        Assert.Equal((OutcomeKind.Refused, "What was seen is required."), Kind(s.Do(Diego, new OpenIncident(" "))));
        Assert.Equal(OutcomeKind.Forbidden, s.Do(Dana, new OpenIncident("Latency 900 ms")).Kind);

        var asked = s.Ok(Diego, new OpenIncident("Latency P99 900 ms since 18:00"));

        var told = Assert.Single(asked.Events.OfType<TeamTold>());
        Assert.Equal("incident", told.Cause);
        Assert.Equal(["Dana"], told.To.Select(p => p.DisplayName));
        Assert.Contains("Diego opened an incident", told.Summary);
        var incident = Assert.Single(s.Delivery.State.Incidents);
        Assert.Equal(
            ("Success metrics not met: Latency P99 900 ms since 18:00", Severity.Sev2, Diego, false),
            (incident.Title, incident.Severity, incident.Commander, incident.IsOutage));
        Assert.Contains(asked.Events, e => e is IncidentDeclared { IncidentId: "I1" });
        Assert.Equal(MonitoringFollowUp.OpenIncident, s.Delivery.State.Rollout.Monitoring!.Then);
        Assert.Empty(s.Delivery.State.Blockers);
        Assert.Equal(OutcomeKind.AlreadyDecided, s.Later(TimeSpan.FromDays(2)).Do(Diego, new ConfirmSuccessMetrics())
            .Kind);
        Assert.DoesNotContain(ReminderPolicy.Plan(s.Delivery, s.Clock.GetUtcNow()),
            r => r.Kind == ReminderKind.SuccessMetricsDue);
    }

    [Fact]
    public void The_record_shows_the_rollout_its_steps_and_rollbacks()
    {
        var s = Deploying();
        s.Ok(Diego, new RecordCanaryStep(5));
        s.Ok(Diego, new RollBackDeployment("Health check failures", "3 of 5 pods | red", Clean: false, "Slow drain"));

        var record = RecordMarkdown.Render(s.Delivery, s.Clock.GetUtcNow());

        Assert.Contains("## Rollout\n- **Method:** canary, set by Diego at 2026-03-02 10:00\n"
            + $"- **Rollback plan:** {Plan}\n"
            + "- **Success metrics:** Error rate \\< 0.1%, latency P99 \\< 500ms\n", record);
        Assert.Contains("| 1 | 5% of the traffic | Diego | 2026-03-02 10:00 |", record);
        Assert.Contains(
            "| while deploying | Health check failures | 3 of 5 pods \\| red | with problems: Slow drain | B1 |",
            record);
    }

    private static (OutcomeKind, string) Kind(Outcome outcome) => (outcome.Kind, outcome.Message);
}
