using DeliveryBot.Application.Deliveries;
using DeliveryBot.Application.Messages;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Policies;
using DeliveryBot.TestKit;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Storage.Tests.Application;

/// <summary>What follows a change, planned from its events: pure, one rule each.</summary>
public sealed class FanOutPlannerTests
{
    /// <summary>Every pending action has a card of its own, named after its kind and check.</summary>
    private sealed class Cards : ICardCatalog
    {
        public CardName? CardFor(PendingAction action)
            => action.Kind == ActionKind.ResolveBlocker
                ? null
                : new CardName(action.Kind == ActionKind.Gate ? "gate" : action.Kind.ToString(), action.CheckKey ?? "");
    }

    private static readonly FanOutPlanner Planner = new(new Cards());

    private static IReadOnlyList<OutboxMessage> Plan(Scenario s, Outcome outcome, ChangeSource source)
        => Planner.Plan(s.Delivery, outcome.Events, source, Scenario.Start);

    [Fact]
    public void A_gate_decided_by_someone_else_redraws_the_cards_opens_the_next_turns_and_tells_the_dm()
    {
        var s = Scenario.Opened().Planned();
        s.Ok(Pablo, new AcknowledgeGate(Checks.ScheduleAcknowledgedByPla.Key));
        var outcome = s.Ok(Diego, new AcknowledgeGate(Checks.ScheduleAcknowledgedByDeployment.Key));

        var rows = Plan(s, outcome, new ChangeSource("click-1", Diego, "card:gate.acknowledge") { TenantId = "t1" });

        Assert.Equal(
            $"D1:redraw:{s.Delivery.Version}", Assert.Single(rows, r => r.Kind == OutboxKinds.Redraw).IdempotencyKey);
        var turn = (TurnCard)OutboxKinds.Read(Assert.Single(rows, r => r.Kind == OutboxKinds.Turn))!;
        Assert.Equal(
            ("Pablo", ActionKind.StartProduction, "t1"),
            (turn.Recipient.DisplayName, turn.Action.Kind, turn.TenantId));
        var note = (Notice)OutboxKinds.Read(Assert.Single(rows, r => r.Kind == OutboxKinds.Notice))!;
        Assert.Equal("Dana", note.Recipient.DisplayName);
        Assert.Contains("Schedule acknowledged by Diego", note.Markdown, StringComparison.Ordinal);
        Assert.Contains("Stage 2 (Delivery planning) passed.", note.Markdown, StringComparison.Ordinal);
        Assert.Equal("D1:click-1:outcomes", rows.Single(r => r.Kind == OutboxKinds.Notice).IdempotencyKey);
    }

    [Fact]
    public void The_same_command_planned_again_writes_the_same_keys()
    {
        var s = Scenario.Opened().Planned();
        var outcome = s.Ok(Pablo, new AcknowledgeGate(Checks.ScheduleAcknowledgedByPla.Key));
        var source = new ChangeSource("click-1", Pablo, "card:gate.acknowledge");

        Assert.Equal(
            Plan(s, outcome, source).Select(r => r.IdempotencyKey),
            Plan(s, outcome, source).Select(r => r.IdempotencyKey));
    }

    [Fact]
    public void The_dm_s_own_change_tells_the_dm_nothing()
    {
        var s = Scenario.Opened();
        var outcome = s.Ok(Dana, new SkipStage(Domain.Lifecycle.Stage.IntakeHandoff, "Framework agreement"));

        Assert.DoesNotContain(
            Plan(s, outcome, new ChangeSource("skip-1", Dana, "message:skip")), r => r.Kind == OutboxKinds.Notice);
    }

    [Fact]
    public void The_card_the_clicker_is_looking_at_is_not_sent_to_them_again()
    {
        var s = Scenario.Opened();
        s.Ok(Ivy, new AcknowledgeGate(Checks.ClientTimelineAcknowledged.Key));
        // stage 1 passes: Dana owes the plan
        var outcome = s.Ok(Dana, new AcknowledgeGate(Checks.RequirementsUnambiguous.Key));

        var onThatCard = new ChangeSource("ack-1", Dana, "card:intake.confirm")
        {
            Clicked = new CardName(nameof(ActionKind.PlanSchedule)),
        };
        var onAnother = onThatCard with { Clicked = new CardName("intake-gate") };

        Assert.DoesNotContain(Plan(s, outcome, onThatCard), r => r.Kind == OutboxKinds.Turn);
        var turn = (TurnCard)OutboxKinds.Read(
            Assert.Single(Plan(s, outcome, onAnother), r => r.Kind == OutboxKinds.Turn))!;
        Assert.Equal(("Dana", ActionKind.PlanSchedule), (turn.Recipient.DisplayName, turn.Action.Kind));
    }

    [Fact]
    public void What_the_scheduler_announces_and_what_has_no_card_are_not_sent_as_turns()
    {
        var s = Scenario.Opened().ToProduction();
        var blocker = s.Ok(Pablo, new RaiseBlocker("Vendor API down"));
        var escalation = s.Ok(Dana, new Escalate("Vendor API down for days"));

        Assert.DoesNotContain(
            Plan(s, blocker, new ChangeSource("b-1", Pablo, "message:blocker")), r => r.Kind == OutboxKinds.Turn);
        Assert.DoesNotContain(
            Plan(s, escalation, new ChangeSource("e-1", Dana, "message:escalate")), r => r.Kind == OutboxKinds.Turn);
    }
}
