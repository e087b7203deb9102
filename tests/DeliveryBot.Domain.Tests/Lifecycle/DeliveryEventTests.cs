using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Policies;
using DeliveryBot.Domain.Record;
using DeliveryBot.TestKit;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Domain.Tests.Lifecycle;

/// <summary>
/// What a command did, as typed events beside its audit entries: what follows a change is decided from these.
/// </summary>
public sealed class DeliveryEventTests
{
    [Fact]
    public void Opening_a_delivery_opens_the_intake_turns_of_the_dm_and_the_client_intake_manager()
    {
        var s = Scenario.Opened();

        Assert.IsType<DeliveryOpened>(s.Delivery.Events[0]);
        Assert.Contains(s.Delivery.Events, e => e is StageStarted { Stage: Stage.IntakeHandoff });
        var turns = s.Delivery.Events
            .OfType<TurnOpened>()
            .Select(t => (t.Person.DisplayName, t.Action.CheckKey))
            .ToList();
        Assert.Contains(("Dana", Checks.RequirementsUnambiguous.Key), turns);
        Assert.Contains(("Ivy", Checks.ClientTimelineAcknowledged.Key), turns);
    }

    [Fact]
    public void The_last_intake_acknowledgement_decides_the_gate_passes_the_stage_and_opens_only_the_new_turn()
    {
        var s = Scenario.Opened();
        s.Ok(Dana, new AcknowledgeGate(Checks.RequirementsUnambiguous.Key));

        var outcome = s.Ok(Ivy, new AcknowledgeGate(Checks.ClientTimelineAcknowledged.Key));

        var decided = Assert.Single(outcome.Events.OfType<GateDecided>());
        Assert.Equal((Checks.ClientTimelineAcknowledged.Key, "Ivy"), (decided.CheckKey, decided.By.DisplayName));
        Assert.Contains(outcome.Events, e => e is StagePassed { Stage: Stage.IntakeHandoff });
        Assert.Contains(outcome.Events, e => e is StageStarted { Stage: Stage.DeliveryPlanning });
        Assert.Contains(outcome.Events, e => e is MilestoneReached);
        var turn = Assert.Single(outcome.Events.OfType<TurnOpened>());
        Assert.Equal((ActionKind.PlanSchedule, "Dana"), (turn.Action.Kind, turn.Person.DisplayName));
        Assert.Equal(outcome.Events, s.Delivery.Events);
    }

    [Fact]
    public void A_skip_is_a_stage_skipped_event_with_its_rationale()
    {
        var s = Scenario.Opened();

        var outcome = s.Ok(Dana, new SkipStage(Stage.IntakeHandoff, "Framework agreement"));

        var skipped = Assert.Single(outcome.Events.OfType<StageSkipped>());
        Assert.Equal((Stage.IntakeHandoff, "Framework agreement"), (skipped.Stage, skipped.Rationale));
        Assert.Contains("skipped by Dana", skipped.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_qa_failure_a_blocker_an_escalation_and_the_close_are_events_of_their_own()
    {
        var s = Scenario.Opened().ToQa();
        var failed = s.Ok(Quinn, new RecordQaVerdict(1, QaVerdict.Fail, "Misroutes credit notes"));
        Assert.Equal("Misroutes credit notes", Assert.Single(failed.Events.OfType<QaFailed>()).FailureReport);
        Assert.Contains(failed.Events, e => e is TurnOpened { Action.Kind: ActionKind.Remediate });

        Assert.Single(s.Ok(Pablo, new RaiseBlocker("Vendor API down")).Events.OfType<BlockerRaised>());
        Assert.Equal("Clara", Assert.Single(
            s.Ok(Dana, new Escalate("Vendor API down for days")).Events.OfType<EscalationRaised>()).To.DisplayName);

        var done = Scenario.Opened().Reviewed();
        Assert.Single(done.Ok(Dana, new CloseDelivery()).Events.OfType<DeliveryClosed>());
    }

    [Fact]
    public void A_withdrawn_decision_is_an_event_and_reopens_the_acknowledgement_turn()
    {
        var s = Scenario.Opened().Planned();
        s.Ok(Pablo, new AcknowledgeGate(Checks.ScheduleAcknowledgedByPla.Key));

        var outcome = s.Ok(Dana, new PlanDelivery(
            Scenario.SampleSchedule with { ClientHandover = Scenario.SampleSchedule.ClientHandover.AddDays(3) }));

        Assert.Contains(
            outcome.Events,
            e => e is DecisionWithdrawn { CheckKey: var key } && key == Checks.ScheduleAcknowledgedByPla.Key);
    }

    [Fact]
    public void A_refused_a_repeated_or_a_stale_command_has_no_events()
    {
        var s = Scenario.Opened();
        var first = s.Do(Dana, new AcknowledgeGate(Checks.RequirementsUnambiguous.Key), id: "once");

        Assert.Empty(s.Do(Dana, new AcknowledgeGate(Checks.RequirementsUnambiguous.Key), id: "once").Events); // a retry
        Assert.Empty(s.Delivery.Events);
        // the wrong person
        Assert.Empty(s.Do(Mallory, new AcknowledgeGate(Checks.ClientTimelineAcknowledged.Key)).Events);
        // stale: the agreed date the card shows was moved since
        var drawnAt = s.Delivery.Version;
        s.Ok(Dana, new AgreeDeliveryDate(new DateOnly(2026, 5, 29), "The client moved it"));
        var stale = s.Do(Ivy, new AcknowledgeGate(Checks.ClientTimelineAcknowledged.Key), version: drawnAt);
        Assert.Equal(OutcomeKind.Stale, stale.Kind);
        Assert.Empty(stale.Events);
        Assert.NotEmpty(first.Events);
    }
}
