using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using DeliveryBot.TestKit;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Domain.Tests.Lifecycle;

/// <summary>
/// A card names the last version at which anything its buttons ask about changed (<see
/// cref="Delivery.ChangedAt(IReadOnlyList{Subject})"/>), not the record's version, so a change elsewhere leaves it as
/// drawn. These hold that a click on such a card is judged exactly as one on a card drawn at the record's version.
/// </summary>
public sealed class CardVersionTests
{
    [Fact]
    public void A_card_names_the_last_version_at_which_anything_it_asks_about_changed()
    {
        var s = Scenario.Opened().Planned();
        var scheduleAt = s.Delivery.ChangedAt(Subject.Schedule);
        var peopleAt = s.Delivery.ChangedAt(Subject.People);
        s.Ok(Dana, new AddRisk("Late data", Level.Low, Level.Low, "None"));

        Assert.Equal(Math.Max(scheduleAt, peopleAt), s.Delivery.ChangedAt([Subject.Schedule, Subject.People]));
        Assert.Equal(s.Delivery.Version, s.Delivery.ChangedAt([Subject.Schedule, Subject.Risks]));
        Assert.Equal(s.Delivery.Version, s.Delivery.ChangedAt(Subject.All));
        Assert.Equal(0, s.Delivery.ChangedAt([]));
    }

    /// <summary>
    /// The schedule is its dates, when it was published, and each milestone's target and acceptable delay: a change to
    /// any of them is a change to it, and a milestone reached, another part of the record or a service level reading
    /// is not. (Compared by a walk of its own, not as a list of parts: each part is held here.)
    /// </summary>
    [Fact]
    public void The_schedule_changes_with_its_dates_its_publication_and_each_milestones_target_and_delay()
    {
        var before = Scenario.Opened().Planned().Delivery.State;
        var start = (int)Milestone.ProductionStart;
        var first = before.Milestones[start];
        DeliveryState With(MilestoneEntry m) => before with { Milestones = before.Milestones.SetItem(start, m) };

        Assert.False(Subject.Schedule.Differs(before, before with { Milestones = [.. before.Milestones] }));
        Assert.True(Subject.Schedule.Differs(before, With(first with { AcceptableDelayDays = 9 })));
        Assert.True(Subject.Schedule.Differs(before, With(first with { Target = first.Target!.Value.AddDays(1) })));
        var fewer = before with { Milestones = before.Milestones.RemoveAt(before.Milestones.Count - 1) };
        Assert.True(Subject.Schedule.Differs(before, fewer));
        Assert.True(Subject.Schedule.Differs(before, before with
        {
            Schedule = before.Schedule! with { ClientHandover = before.Schedule.ClientHandover.AddDays(1) },
        }));
        Assert.True(Subject.Schedule.Differs(before, before with
        {
            SchedulePublishedAt = before.SchedulePublishedAt!.Value.AddMinutes(1),
        }));
        Assert.False(Subject.Schedule.Differs(before, With(first with { Actual = first.Target })));
        Assert.False(Subject.Schedule.Differs(before, before with
        {
            Risks = [new Risk("R1", "Late data", Level.Low, Level.Low, "None", false, DateTimeOffset.UnixEpoch, Dana)],
        }));
        Assert.True(Subject.ServiceLevel.Differs(before, before with
        {
            ServiceLevel = before.ServiceLevel with { AvailabilityPercent = 99.5m },
        }));
        Assert.False(Subject.ServiceLevel.Differs(before, before with { ServiceLevel = before.ServiceLevel with { } }));
    }

    [Fact]
    public void A_reminder_recorded_as_sent_moves_the_record_on_but_no_cards_version()
    {
        var s = Scenario.Opened().Planned();
        var card = s.Delivery.ChangedAt(Subject.All);

        s.Ok(Person.System, new RecordReminderSent("nudge:schedule-acknowledged-pla:1", Pablo));

        Assert.Equal(card + 1, s.Delivery.Version);
        Assert.Equal(card, s.Delivery.ChangedAt(Subject.All));
    }

    [Fact]
    public void A_record_kept_before_subjects_were_tracked_names_its_own_version_for_every_card()
    {
        var s = Scenario.Opened().Planned();
        var old = Delivery.Restore(s.Delivery.State with { SubjectChanges = [] });

        Assert.Equal(old.Version, old.ChangedAt(Subject.All));
        Assert.Equal(old.Version, old.ChangedAt([Subject.Schedule]));
    }

    /// <summary>
    /// The whole lifecycle, with changes beside it (risks, reminders, a blocker, a move of a milestone and its
    /// acknowledgement): for a card drawn at every step and clicked at every later step, every command is answered the
    /// same whether the card names the record's version or the last change of what the command asks about (or of
    /// every subject); and a card naming less than the command asks about is never let through where the record's
    /// version would have refused it.
    /// </summary>
    [Fact]
    public void A_click_is_judged_the_same_from_the_version_of_what_it_asks_about_as_from_the_records()
    {
        var states = Lifecycle();
        var (judged, stale, older) = (0, 0, 0);
        for (var drawn = 0; drawn < states.Count; drawn++)
        {
            var card = Delivery.Restore(states[drawn]);
            for (var clicked = drawn; clicked < states.Count; clicked++)
                foreach (var (who, command) in Clicks)
                {
                    var byRecord = Click(states[clicked], who, command, card.Version);
                    var byAsks = Click(states[clicked], who, command, card.ChangedAt(Delivery.AsksAbout(command)));
                    var byAll = Click(states[clicked], who, command, card.ChangedAt(Subject.All));
                    var byNothing = Click(states[clicked], who, command, card.ChangedAt([]));
                    var at = $"{command.Action} drawn at step {drawn}, clicked at step {clicked}";
                    Assert.True(byRecord == byAsks, $"{at}: {byRecord} from the record's version, {byAsks} else");
                    Assert.True(byRecord == byAll, $"{at}: {byRecord} from the record's version, {byAll} else");
                    if (byRecord.Kind == OutcomeKind.Stale) Assert.Equal(OutcomeKind.Stale, byNothing.Kind);
                    judged++;
                    if (byRecord.Kind == OutcomeKind.Stale) stale++;
                    if (card.ChangedAt(Delivery.AsksAbout(command)) < card.Version) older++;
                }
        }
        // both answers met often, and the card's version mostly older than the record's
        Assert.True(
            judged > 4_000 && stale > 500 && older > judged / 2,
            $"{judged} clicks judged, {stale} out of date, {older} from a version older than the record's");
    }

    private static (OutcomeKind Kind, string Message) Click(
        DeliveryState state, Person who, DeliveryCommand command, long drawnAt)
    {
        var outcome = Delivery.Restore(state).Execute(
            command, new CommandMeta("click", who, new DateTimeOffset(2026, 3, 20, 10, 0, 0, TimeSpan.Zero), "test",
                drawnAt));
        return (outcome.Kind, outcome.Message);
    }

    /// <summary>The buttons' commands, each clicked by whoever holds the role it asks for.</summary>
    private static readonly (Person Who, DeliveryCommand Command)[] Clicks =
    [
        .. AllChecks.Select(c => (c.Role switch
        {
            Role.DeliveryManager => Dana,
            Role.ClientIntakeManager => Ivy,
            Role.ProductionLineArchitect => Pablo,
            Role.QaEngineer => Quinn,
            Role.DeploymentSpecialist => Diego,
            Role.ClientContact => Cora,
            _ => Clara,
        }, (DeliveryCommand)new AcknowledgeGate(c.Key))),
        (Pablo, new AcknowledgeRevisedSchedule()),
        (Diego, new AcknowledgeRevisedSchedule()),
        (Pablo, new StartProduction()),
        (Pablo, new RecordCheckIn(CheckInStatus.AtRisk, "Supplier late")),
        (Pablo, new ResubmitToQa("Fixed")),
        (Dana, new PublishSchedule()),
        (Dana, new RescheduleMilestone(Milestone.ClientHandover, new DateOnly(2026, 4, 30), "Client asked")),
        (Dana, new RecordClientCommunication(CommunicationType.InitialCommunication, "Schedule sent")),
        (Dana, new RecordClientCommunication(CommunicationType.DelayNotice, "Delay told")),
        (Dana, new AddRisk("Another", Level.Low, Level.Low, "None")),
        (Dana, new ResolveBlocker("B1", "Sorted")),
    ];

    /// <summary>The record after each step of a delivery from intake to QA, with changes beside the gates.</summary>
    private static List<DeliveryState> Lifecycle()
    {
        var s = Scenario.Opened();
        var states = new List<DeliveryState> { s.Delivery.State };
        void Step(Person who, DeliveryCommand command)
        {
            s.Ok(who, command);
            states.Add(s.Delivery.State);
        }
        Step(Dana, new AcknowledgeGate(Checks.RequirementsUnambiguous.Key));
        Step(Dana, new AddRisk("Vendor API unstable", Level.Medium, Level.High, "Mock it"));
        Step(Ivy, new AcknowledgeGate(Checks.ClientTimelineAcknowledged.Key));
        Step(Dana, new PlanDelivery(Scenario.SampleSchedule));
        Step(Dana, new PublishSchedule());
        Step(Person.System, new RecordReminderSent("nudge:schedule-acknowledged-pla:1", Pablo));
        Step(Dana, new RecordClientCommunication(CommunicationType.InitialCommunication, "Schedule sent"));
        Step(Pablo, new AcknowledgeGate(Checks.ScheduleAcknowledgedByPla.Key));
        Step(Diego, new AcknowledgeGate(Checks.ScheduleAcknowledgedByDeployment.Key));
        Step(Pablo, new RecordCheckIn(CheckInStatus.OnTrack, null));
        Step(Pablo, new RaiseBlocker("Test rig down"));
        Step(Dana, new RescheduleMilestone(Milestone.QaSubmitted, new DateOnly(2026, 3, 27), "Rig down"));
        Step(Pablo, new AcknowledgeRevisedSchedule());
        Step(Pablo, new ResolveBlocker("B1", "Rig back"));
        Step(Pablo, new AcknowledgeGate(Checks.ProductionComplete.Key));
        Step(Quinn, new RecordQaVerdict(s.Delivery.CurrentQaAttempt!.Number, QaVerdict.Fail, "Login broken"));
        Step(Pablo, new ResubmitToQa("Login fixed"));
        Step(Quinn, new RecordQaVerdict(s.Delivery.CurrentQaAttempt!.Number, QaVerdict.Pass));
        Step(Person.System, new RecordReminderSent("status-update:2026-03-23", Dana));
        Step(Diego, new ConfirmDeploymentWindow(new(2026, 3, 30), new(2026, 4, 1)));
        return states;
    }
}
