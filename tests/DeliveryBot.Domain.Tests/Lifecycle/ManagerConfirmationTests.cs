using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Policies;
using DeliveryBot.TestKit;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Domain.Tests.Lifecycle;

/// <summary>
/// The Client Intake Manager opens a delivery naming its Delivery Manager, who confirms it (stage 1 starts) or
/// declines with a reason (it never starts). Until then nobody else owes anything, no reminder is due and nothing
/// else changes it; a wrong person, a second click or a stale card change nothing.
/// </summary>
public sealed class ManagerConfirmationTests
{
    private static Scenario ProposedByIvy() => Scenario.Proposed();

    [Fact]
    public void The_cim_opens_it_for_the_dm_named_and_nothing_starts_until_they_confirm()
    {
        var d = ProposedByIvy().Delivery;

        Assert.True(d.AwaitsManager);
        Assert.Equal(DeliveryStatus.AwaitingManager, d.Status);
        Assert.Equal(Dana, d.HolderOf(Role.DeliveryManager));
        Assert.Equal(Ivy, d.HolderOf(Role.ClientIntakeManager));
        Assert.All(d.State.Stages, s => Assert.Equal(StageState.NotStarted, s.State));
        var opened = Assert.Single(d.State.Audit);
        Assert.Equal((Ivy, "open-delivery"), (opened.Actor, opened.Action));
        Assert.Contains("Client Intake Manager", opened.Summary, StringComparison.Ordinal);
        var owed = Assert.Single(NextActions.ByPerson(d, Scenario.Start));
        Assert.Equal((Dana, ActionKind.ConfirmManagement), (owed.Person, owed.Action.Kind));
        Assert.Empty(ReminderPolicy.Plan(d, Scenario.Start.AddDays(30)));
    }

    [Fact]
    public void The_dm_confirming_starts_stage_1_and_everyone_s_turns()
    {
        var s = ProposedByIvy();

        s.Ok(Dana, new ConfirmManagement());

        Assert.False(s.Delivery.AwaitsManager);
        Assert.Equal(DeliveryStatus.Planning, s.Delivery.Status);
        Assert.Equal(StageState.Active, s.Delivery.Progress(Stage.IntakeHandoff).State);
        var told = Assert.Single(s.Delivery.Events.OfType<ManagerAnswered>());
        Assert.Equal((Ivy, true), (told.ProposedBy, told.Confirmed));
        Assert.Contains(s.Delivery.Events.OfType<TurnOpened>(), t => t.Person.IsSameAs(Ivy));
        Assert.Contains(s.Delivery.State.Audit, e => e.Action == "confirm-management" && e.Actor == Dana);
    }

    [Fact]
    public void A_wrong_person_a_second_click_or_another_command_before_confirming_change_nothing()
    {
        var s = ProposedByIvy();
        var version = s.Delivery.Version;

        Assert.Equal(OutcomeKind.Forbidden, s.Do(Pablo, new ConfirmManagement()).Kind);
        Assert.Equal(OutcomeKind.Forbidden, s.Do(Ivy, new DeclineManagement("not mine")).Kind);
        var early = s.Do(Ivy, new RaiseAmbiguity("Which invoices?"));
        Assert.Equal(OutcomeKind.Refused, early.Kind);
        Assert.Contains("waits for Dana to confirm", early.Message, StringComparison.Ordinal);
        Assert.Equal(version, s.Delivery.Version);

        s.Ok(Dana, new ConfirmManagement());
        var again = s.Do(Dana, new ConfirmManagement());
        var decline = s.Do(Dana, new DeclineManagement("changed my mind"));

        Assert.Equal(OutcomeKind.AlreadyDecided, again.Kind);
        Assert.Equal(OutcomeKind.AlreadyDecided, decline.Kind);
        Assert.Equal(version + 1, s.Delivery.Version);
    }

    [Fact]
    public void Declining_needs_a_reason_tells_the_cim_closes_it_and_nothing_ever_starts()
    {
        var s = ProposedByIvy();

        Assert.Equal(OutcomeKind.Refused, s.Do(Dana, new DeclineManagement(" ")).Kind);
        var declined = s.Ok(Dana, new DeclineManagement("I am on leave in March"));

        Assert.Contains("I am on leave in March", declined.Message, StringComparison.Ordinal);
        Assert.True(s.Delivery.IsDeclined);
        var told = Assert.Single(s.Delivery.Events.OfType<ManagerAnswered>());
        Assert.Equal((Ivy, false), (told.ProposedBy, told.Confirmed));
        Assert.Contains("I am on leave in March", told.Summary, StringComparison.Ordinal);
        // closed, so it is not listed with the live deliveries, and says it was declined rather than complete
        Assert.True(s.Delivery.IsClosed);
        Assert.Equal(DeliveryStatus.Declined, s.Delivery.Status);
        Assert.All(s.Delivery.State.Stages, p => Assert.Equal(StageState.NotStarted, p.State));
        Assert.Empty(NextActions.For(s.Delivery));
        Assert.Empty(ReminderPolicy.Plan(s.Delivery, Scenario.Start.AddDays(30)));
        Assert.Equal(OutcomeKind.AlreadyDecided, s.Do(Dana, new ConfirmManagement()).Kind);
        var after = s.Do(Dana, new RaiseAmbiguity("anything"));
        Assert.Equal(OutcomeKind.Refused, after.Kind);
        Assert.Contains("was declined by its Delivery Manager: I am on leave in March", after.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Naming_another_dm_while_naming_someone_else_as_cim_is_refused()
    {
        var intake = Scenario.SampleIntake() with { DeliveryManager = Dana };

        Assert.Throws<Common.RuleViolation>(() => Delivery.Open("D1", intake, new Scenario().Meta(Pablo)));
    }

    [Fact]
    public void The_dm_naming_themself_opens_as_before()
    {
        var d = Delivery.Open("D1", Scenario.SampleIntake() with { DeliveryManager = Dana }, new Scenario().Meta(Dana));

        Assert.False(d.AwaitsManager);
        Assert.Null(d.State.Proposal);
        Assert.Equal(StageState.Active, d.Progress(Stage.IntakeHandoff).State);
    }

    [Fact]
    public void Confirming_asks_about_the_people_so_a_card_drawn_before_the_dm_changed_is_stale()
        => Assert.Contains(Subject.People, Delivery.AsksAbout(new ConfirmManagement()));
}
