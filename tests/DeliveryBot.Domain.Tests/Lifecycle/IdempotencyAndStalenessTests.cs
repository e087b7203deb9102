using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using DeliveryBot.TestKit;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Domain.Tests.Lifecycle;

public sealed class IdempotencyAndStalenessTests
{
    [Fact]
    public void Every_change_bumps_the_version_once_and_is_audited_with_its_command()
    {
        var s = Scenario.Opened();
        var before = s.Delivery.Version;

        var outcome = s.Do(
            Dana, new AddRisk("Vendor API unstable", Level.Medium, Level.High, "Mock it"), id: "activity-42");

        Assert.Equal(before + 1, s.Delivery.Version);
        Assert.Equal(s.Delivery.Version, outcome.Version);
        var entry = s.Delivery.State.Audit[^1];
        Assert.Equal(
            ("activity-42", "add-risk", Dana, s.Delivery.Version),
            (entry.CommandId, entry.Action, entry.Actor, entry.Version));
        Assert.Equal(outcome.Message, entry.Summary);
    }

    [Fact]
    public void The_audit_trail_keeps_a_commands_instant_in_utc_to_the_millisecond_as_it_is_stored()
    {
        // a wall clock's instant, in another offset, with ticks below the millisecond
        var at = new DateTimeOffset(2026, 3, 2, 11, 30, 15, 123, TimeSpan.FromHours(2)).AddTicks(4_567);
        var s = Scenario.Opened();

        s.Delivery.Execute(
            new AddRisk("Vendor API unstable", Level.Medium, Level.High, "Mock it"),
            new CommandMeta("c-1", Dana, at, "test"));

        var stored = new DateTimeOffset(2026, 3, 2, 9, 30, 15, 123, TimeSpan.Zero);
        var entry = s.Delivery.State.Audit[^1];
        Assert.True(stored.EqualsExact(entry.At), $"{entry.At:O}");
        Assert.True(stored.AddMilliseconds(1).EqualsExact((entry with { At = at.AddTicks(9_999) }).At));
        // the record itself keeps the instant as given: a time the command carries is set against it
        Assert.Equal(at, s.Delivery.State.Risks[^1].RaisedAt);
    }

    [Fact]
    public void The_same_command_id_twice_changes_nothing_and_answers_the_first_outcome()
    {
        var s = Scenario.Opened();
        var first = s.Do(Dana, new AddRisk("Risk", Level.Low, Level.Low, "None"), id: "retry-me");
        var state = s.Delivery.State;

        var second = s.Do(Dana, new AddRisk("Risk", Level.Low, Level.Low, "None"), id: "retry-me");

        Assert.Equal(OutcomeKind.Duplicate, second.Kind);
        Assert.Equal(first.Message, second.Message);
        Assert.Same(state, s.Delivery.State);
    }

    [Fact]
    public void A_retried_gate_click_answers_the_first_outcome_even_after_later_changes()
    {
        var s = Scenario.Opened();
        var first = s.Do(Dana, new AcknowledgeGate(Checks.RequirementsUnambiguous.Key), version: 1, id: "invoke-1");
        s.Ok(Dana, new AddRisk("Another", Level.Low, Level.Low, "None"));

        var retry = s.Do(Dana, new AcknowledgeGate(Checks.RequirementsUnambiguous.Key), version: 1, id: "invoke-1");

        Assert.Equal(OutcomeKind.Duplicate, retry.Kind);
        Assert.Equal(first.Message, retry.Message);
    }

    [Fact]
    public void A_card_drawn_before_an_unrelated_change_still_acts()
    {
        var s = Scenario.Opened();
        var drawnAt = s.Delivery.Version;
        s.Ok(Dana, new AddRisk("Something else changed", Level.Low, Level.Low, "None"));

        var outcome = s.Do(Ivy, new AcknowledgeGate(Checks.ClientTimelineAcknowledged.Key), version: drawnAt);

        Assert.Equal(OutcomeKind.Applied, outcome.Kind);
    }

    [Fact]
    public void The_PLA_acknowledges_the_schedule_from_a_card_drawn_before_the_DM_logged_the_initial_communication()
    {
        var s = Scenario.Opened().Planned();
        var drawnAt = s.Delivery.Version;
        s.Ok(Dana, new RecordClientCommunication(CommunicationType.InitialCommunication, "Schedule sent to Contoso"));

        var outcome = s.Do(Pablo, new AcknowledgeGate(Checks.ScheduleAcknowledgedByPla.Key), version: drawnAt);

        Assert.Equal(OutcomeKind.Applied, outcome.Kind);
        Assert.NotNull(s.Delivery.DecisionFor(Checks.ScheduleAcknowledgedByPla));
    }

    [Fact]
    public void A_message_card_is_out_of_date_only_when_a_message_of_its_own_kind_was_logged_since()
    {
        var s = Scenario.Opened().Planned();
        var drawnAt = s.Delivery.Version;
        s.Ok(Dana, new RecordClientCommunication(CommunicationType.StatusUpdate, "Weekly update"));

        var other = s.Do(
            Dana,
            new RecordClientCommunication(CommunicationType.InitialCommunication, "Schedule sent"),
            version: drawnAt);
        var same = s.Do(
            Dana,
            new RecordClientCommunication(CommunicationType.StatusUpdate, "Weekly update again"),
            version: drawnAt);

        Assert.Equal(OutcomeKind.Applied, other.Kind);
        Assert.Equal(OutcomeKind.Stale, same.Kind);
        Assert.Contains("a status update was logged or sent", same.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_schedule_edited_after_the_card_was_drawn_refuses_the_acknowledgement_and_says_the_schedule_changed()
    {
        var s = Scenario.Opened().Planned();
        var drawnAt = s.Delivery.Version;
        s.Ok(Dana, new RescheduleMilestone(
            Milestones.Milestone.ProductionComplete, new DateOnly(2026, 3, 19), "Talent ready a day early"));
        var state = s.Delivery.State;

        var outcome = s.Do(Pablo, new AcknowledgeGate(Checks.ScheduleAcknowledgedByPla.Key), version: drawnAt);

        Assert.Equal(OutcomeKind.Stale, outcome.Kind);
        Assert.Contains("the schedule changed", outcome.Message);
        Assert.Contains("refreshed", outcome.Message);
        Assert.DoesNotContain("version", outcome.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Same(state, s.Delivery.State);
        Assert.True(
            s.Do(Pablo, new AcknowledgeGate(Checks.ScheduleAcknowledgedByPla.Key), version: s.Delivery.Version)
                .Changed);
    }

    [Fact]
    public void A_card_drawn_before_its_stage_moved_on_is_out_of_date()
    {
        var s = Scenario.Opened();
        var drawnAt = s.Delivery.Version;
        s.Ok(Dana, new SkipStage(Stage.IntakeHandoff, "Signed off on paper"));
        var state = s.Delivery.State;

        var outcome = s.Do(Ivy, new AcknowledgeGate(Checks.ClientTimelineAcknowledged.Key), version: drawnAt);

        Assert.Equal(OutcomeKind.Stale, outcome.Kind);
        Assert.Contains("stage 1 (Intake handoff) moved on", outcome.Message);
        Assert.Same(state, s.Delivery.State);
    }

    [Fact]
    public void A_reminder_recorded_as_sent_leaves_every_card_current()
    {
        var s = Scenario.Opened().Planned();
        var drawnAt = s.Delivery.Version;
        s.Ok(Person.System, new RecordReminderSent("nudge:schedule-acknowledged-pla:1", Pablo));

        Assert.All(Subject.All, subject => Assert.True(s.Delivery.ChangedAt(subject) <= drawnAt, subject.Key));
        Assert.True(
            s.Do(Pablo, new AcknowledgeGate(Checks.ScheduleAcknowledgedByPla.Key), version: drawnAt).Changed);
    }

    [Fact]
    public void A_card_naming_a_version_the_record_never_reached_is_refused()
    {
        var s = Scenario.Opened();
        var state = s.Delivery.State;

        var outcome = s.Do(Ivy, new AcknowledgeGate(Checks.ClientTimelineAcknowledged.Key), version: 99);

        Assert.Equal(OutcomeKind.Stale, outcome.Kind);
        Assert.DoesNotContain("version", outcome.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Same(state, s.Delivery.State);
    }

    [Fact]
    public void A_record_kept_before_subjects_were_tracked_refuses_older_cards_until_it_changes()
    {
        var s = Scenario.Opened();
        s.Ok(Dana, new AddRisk("Before the upgrade", Level.Low, Level.Low, "None"));
        var drawnAt = s.Delivery.Version - 1;
        var old = Delivery.Restore(s.Delivery.State with { SubjectChanges = [] });

        var outcome = old.Execute(
            new AcknowledgeGate(Checks.ClientTimelineAcknowledged.Key), s.Meta(Ivy, version: drawnAt));

        Assert.Equal(OutcomeKind.Stale, outcome.Kind);
        Assert.True(
            old.Execute(new AcknowledgeGate(Checks.ClientTimelineAcknowledged.Key), s.Meta(Ivy, old.Version)).Changed);
    }

    [Fact]
    public void Subjects_kept_in_another_order_keep_the_versions_they_changed_at()
    {
        // a record kept when the subjects were listed otherwise (one added since): none at the place it has now
        var s = Scenario.Opened().Planned();
        var scheduledAt = s.Delivery.ChangedAt(Subject.Schedule);
        var peopleAt = s.Delivery.ChangedAt(Subject.People);
        var shuffled = Delivery.Restore(
            s.Delivery.State with { SubjectChanges = [.. s.Delivery.State.SubjectChanges.Reverse()] });

        Assert.True(shuffled.Execute(new AddRisk("Late data", Level.Low, Level.Low, "None"), s.Meta(Dana)).Changed);

        Assert.Equal(scheduledAt, shuffled.ChangedAt(Subject.Schedule));
        Assert.Equal(peopleAt, shuffled.ChangedAt(Subject.People));
        Assert.Equal(shuffled.Version, shuffled.ChangedAt(Subject.Risks));
        Assert.Equal(
            Subject.All.Select(subject => subject.Key), shuffled.State.SubjectChanges.Select(c => c.Subject));
    }

    [Fact]
    public void A_second_click_on_a_decided_gate_says_who_decided_first_even_from_a_stale_card()
    {
        var s = Scenario.Opened().Planned();
        var drawnAt = s.Delivery.Version;
        s.Clock.Set(new DateTimeOffset(2026, 3, 2, 14, 2, 0, TimeSpan.Zero));
        s.Ok(Pablo, new AcknowledgeGate(Checks.ScheduleAcknowledgedByPla.Key));

        var doubleClick = s.Do(Pablo, new AcknowledgeGate(Checks.ScheduleAcknowledgedByPla.Key), version: drawnAt);

        Assert.Equal(OutcomeKind.AlreadyDecided, doubleClick.Kind);
        Assert.Equal("Schedule acknowledged by Pablo at 2026-03-02 14:02.", doubleClick.Message);
        Assert.Single(s.Delivery.State.Decisions, d => d.CheckKey == Checks.ScheduleAcknowledgedByPla.Key);
    }

    [Fact]
    public void A_refused_command_leaves_state_version_and_audit_untouched()
    {
        var s = Scenario.Opened();
        var state = s.Delivery.State;

        Assert.False(s.Do(Mallory, new AcknowledgeGate(Checks.RequirementsUnambiguous.Key)).Changed);
        Assert.False(s.Do(Dana, new PlanDelivery(Scenario.SampleSchedule)).Changed);

        Assert.Same(state, s.Delivery.State);
    }

    [Fact]
    public void A_rule_broken_half_way_through_a_command_rolls_back_everything()
    {
        var s = Scenario.Opened().ToPlanning();
        s.Ok(Dana, new PlanDelivery(Scenario.SampleSchedule));
        s.Ok(Dana, new PublishSchedule());
        s.Ok(Pablo, new AcknowledgeGate(Checks.ScheduleAcknowledgedByPla.Key));
        var state = s.Delivery.State;

        // Valid order, but a delay out of range: refused after the targets would have changed.
        var outcome = s.Do(Dana, new PlanDelivery(
            Scenario.SampleSchedule,
            new Dictionary<Milestones.Milestone, int> { [Milestones.Milestone.QaCertified] = 99 }));

        Assert.Equal(OutcomeKind.Refused, outcome.Kind);
        Assert.Same(state, s.Delivery.State);
        Assert.NotNull(s.Delivery.DecisionFor(Checks.ScheduleAcknowledgedByPla));
    }

    [Fact]
    public void The_audit_trail_only_grows()
    {
        var s = Scenario.Opened().Reviewed();
        var audit = s.Delivery.State.Audit;

        Assert.Equal(
            Enumerable.Range(0, audit.Count).Select(i => audit[i].Version).Order(), audit.Select(e => e.Version));
        Assert.Equal(s.Delivery.Version, audit[^1].Version);
        Assert.Contains(
            audit, e => e.Action == "stage-passed" && e.Summary.StartsWith("Stage 4", StringComparison.Ordinal));
    }
}
