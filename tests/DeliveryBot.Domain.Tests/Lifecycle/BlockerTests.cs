using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Policies;
using DeliveryBot.Domain.Rendering;
using DeliveryBot.TestKit;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Domain.Tests.Lifecycle;

/// <summary>
/// A production blocker: raised with its impact, it holds "production complete" and puts its resolution in the hands
/// of the DM, the PLA and whoever raised it; resolved, it opens the PLA's turn again.
/// </summary>
public sealed class BlockerTests
{
    private static Scenario Started()
    {
        var s = Scenario.Opened().ToProduction();
        s.Ok(Pablo, new RecordCheckIn(Record.CheckInStatus.OnTrack, Note: null));
        return s;
    }

    [Fact]
    public void A_blocker_is_raised_with_what_it_delays_and_by_how_many_business_days()
    {
        var s = Started();

        var raised = s.Ok(
            Quinn, new RaiseBlocker("Test data not delivered", "QA cannot start", Milestone.QaSubmitted, DelayDays: 3));

        var blocker = Assert.Single(s.Delivery.State.Blockers);
        Assert.Equal(
            (Milestone.QaSubmitted, 3, "QA cannot start"), (blocker.Delays, blocker.DelayDays, blocker.Impact));
        Assert.Equal("QA submitted by 3 business days", blocker.DelayText);
        Assert.Contains("It delays QA submitted by 3 business days.", raised.Message, StringComparison.Ordinal);
        Assert.Contains(raised.Events, e => e is BlockerRaised { BlockerId: "B1" });
    }

    [Theory]
    [InlineData(Milestone.QaSubmitted, 0, "Say by how many business days")]
    [InlineData(Milestone.QaSubmitted, null, "Say by how many business days")]
    [InlineData(Milestone.QaSubmitted, 251, "Say by how many business days")]
    [InlineData(null, 2, "Say which milestone it delays.")]
    [InlineData(Milestone.IntakeHandoff, 2, "Intake handoff was already reached")]
    public void An_impact_that_does_not_make_sense_is_refused_and_nothing_is_raised(
        Milestone? delays, int? days, string said)
    {
        var s = Started();

        var outcome = s.Do(Pablo, new RaiseBlocker("Vendor API down", Delays: delays, DelayDays: days));

        Assert.Equal(OutcomeKind.Refused, outcome.Kind);
        Assert.Contains(said, outcome.Message, StringComparison.Ordinal);
        Assert.Empty(s.Delivery.State.Blockers);
    }

    [Fact]
    public void An_open_blocker_holds_production_complete_and_nobody_is_asked_for_it_meanwhile()
    {
        var s = Started();
        Assert.Contains(NextActions.For(s.Delivery), a => a.CheckKey == Checks.ProductionComplete.Key);

        s.Ok(Quinn, new RaiseBlocker("Test data not delivered"));

        Assert.DoesNotContain(NextActions.For(s.Delivery), a => a.CheckKey == Checks.ProductionComplete.Key);
        Assert.Equal(
            [Role.DeliveryManager, Role.ProductionLineArchitect],
            NextActions.For(s.Delivery).Where(a => a.Kind == ActionKind.ResolveBlocker).Select(a => a.Role));
        Assert.Contains("Blocker B1 is still open",
            s.Do(Pablo, new AcknowledgeGate(Checks.ProductionComplete.Key)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("quinn")] // who raised it, though the QA Engineer may not resolve others' blockers
    [InlineData("pablo")]
    [InlineData("dana")]
    public void Whoever_raised_it_the_PLA_or_the_DM_resolves_it_and_the_PLA_s_turn_comes_back(string who)
    {
        var s = Started();
        s.Ok(Quinn, new RaiseBlocker("Test data not delivered"));
        var resolver = who switch { "quinn" => Quinn, "pablo" => Pablo, _ => Dana };

        var resolved = s.Ok(resolver, new ResolveBlocker("B1", "Data arrived from the client"));

        var blocker = Assert.Single(s.Delivery.State.Blockers);
        Assert.False(blocker.IsOpen);
        Assert.Equal(resolver, blocker.ResolvedBy);
        Assert.Contains(resolved.Events, e => e is BlockerResolved { BlockerId: "B1" });
        Assert.Contains(
            resolved.Events, e => e is TurnOpened { Action.CheckKey: var k } && k == Checks.ProductionComplete.Key);
        s.Ok(Pablo, new AcknowledgeGate(Checks.ProductionComplete.Key));
    }

    [Fact]
    public void Someone_who_neither_raised_it_nor_holds_a_resolving_role_cannot_resolve_it()
    {
        var s = Started();
        s.Ok(Pablo, new RaiseBlocker("Vendor API down"));

        var outcome = s.Do(Quinn, new ResolveBlocker("B1", "It works on my machine"));

        Assert.Equal(OutcomeKind.Forbidden, outcome.Kind);
        Assert.True(Assert.Single(s.Delivery.State.Blockers).IsOpen);
    }

    [Fact]
    public void Resolving_twice_answers_with_the_first_resolution_and_an_unknown_blocker_is_refused()
    {
        var s = Started();
        s.Ok(Pablo, new RaiseBlocker("Vendor API down"));
        s.Ok(Pablo, new ResolveBlocker("B1", "Vendor fixed it"));

        Assert.Equal(OutcomeKind.AlreadyDecided, s.Do(Dana, new ResolveBlocker("B1", "Again")).Kind);
        Assert.Contains(
            "There is no blocker B7", s.Do(Dana, new ResolveBlocker("B7", "x")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_record_lists_each_blocker_after_the_template_s_sections_with_its_impact_and_resolution()
    {
        var s = Started();
        s.Ok(Quinn, new RaiseBlocker("Test data | missing", "QA idle", Milestone.QaSubmitted, DelayDays: 2));
        s.Ok(Pablo, new ResolveBlocker("B1", "Client sent it"));

        var record = RecordMarkdown.Render(s.Delivery, s.Clock.GetUtcNow());

        Assert.True(
            record.IndexOf("## Blockers", StringComparison.Ordinal)
                > record.IndexOf("## Status updates sent", StringComparison.Ordinal));
        Assert.Contains(
            "| 2026-03-02, stage 3, by Quinn | B1: Test data \\| missing "
                + "| QA idle; delays QA submitted by 2 business days | Client sent it (Pablo, 2026-03-02) |",
            record,
            StringComparison.Ordinal);
    }
}
