using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.Policies;
using DeliveryBot.Domain.Record;
using DeliveryBot.Domain.Rendering;
using DeliveryBot.TestKit;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Domain.Tests.Lifecycle;

/// <summary>
/// Re-planning: the DM moves a milestone with a reason; the record keeps every move; after stage 2 the PLA and the
/// Deployment Specialist acknowledge the revised schedule; a slip, a new client date, a QA failure or a failed
/// deployment offers the DM the delay notice; the shared schedule reaches every other stakeholder.
/// </summary>
public sealed class ReplanningTests
{
    private static IEnumerable<ActionKind> Owed(Scenario s, Domain.People.Person who)
        => NextActions.ByPerson(s.Delivery, s.Clock.GetUtcNow())
            .Where(a => a.Person.IsSameAs(who))
            .Select(a => a.Action.Kind);

    [Fact]
    public void A_move_is_recorded_with_from_to_reason_who_and_when_and_the_baseline_is_kept()
    {
        var s = Scenario.Opened().ToProduction();
        s.Later(TimeSpan.FromHours(2));

        var outcome = s.Ok(Dana, new RescheduleMilestone(Milestone.QaCertified, new(2026, 4, 2), "QA capacity"));

        var move = Assert.Single(s.Delivery.State.MilestoneMoves);
        Assert.Equal(
            (1, Milestone.QaCertified, (DateOnly?)new DateOnly(2026, 3, 27), new DateOnly(2026, 4, 2), "QA capacity"),
            (move.Number, move.Milestone, move.From, move.To, move.Reason));
        Assert.Equal((Dana, Scenario.Start.AddHours(2), true), (move.By, move.At, move.NeedsAcknowledgement));
        Assert.Equal(new DateOnly(2026, 4, 2), s.Delivery.State.Milestones[(int)Milestone.QaCertified].Target);
        Assert.Equal(new DateOnly(2026, 3, 27), s.Delivery.State.Schedule!.QaCertification); // the baseline
        Assert.StartsWith("QA certified moved from 2026-03-27 to 2026-04-02: QA capacity.", outcome.Message);
        // QA certified now falls after the deployment window opens
        Assert.Contains("Note: Deployment start (2026-03-30) is now out of order with it", outcome.Message);
    }

    [Theory]
    [InlineData("  ", "2026-04-02", "The reason for the new date is required.")]
    [InlineData("capacity", "2026-03-01", "cannot be before 2026-03-02")]
    [InlineData("capacity", "2031-06-01", "more than 5 years away")]
    [InlineData("capacity", "2026-03-27", "QA certified is already planned for 2026-03-27.")]
    public void A_move_without_a_reason_or_with_a_date_that_does_not_hold_changes_nothing(
        string reason, string date, string told)
    {
        var s = Scenario.Opened().ToProduction();
        var state = s.Delivery.State;

        var outcome = s.Do(Dana, new RescheduleMilestone(
            Milestone.QaCertified, DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), reason));

        Assert.Equal(OutcomeKind.Refused, outcome.Kind);
        Assert.Contains(told, outcome.Message, StringComparison.Ordinal);
        Assert.Same(state, s.Delivery.State);
    }

    [Fact]
    public void A_date_already_past_is_refused()
    {
        var s = Scenario.Opened().ToProduction();
        s.Later(TimeSpan.FromDays(10)); // Thursday 12 March

        var outcome = s.Do(Dana, new RescheduleMilestone(Milestone.QaCertified, new(2026, 3, 11), "typo"));

        Assert.Equal(OutcomeKind.Refused, outcome.Kind);
        Assert.Equal("The new QA certified target (2026-03-11) is in the past; today is 2026-03-12.", outcome.Message);
    }

    [Fact]
    public void After_stage_2_the_pla_and_deployment_specialist_owe_the_revised_schedule_until_each_acknowledges_it()
    {
        var s = Scenario.Opened().ToProduction();

        var moved = s.Ok(Dana, new RescheduleMilestone(Milestone.ClientHandover, new(2026, 4, 8), "QA capacity"));

        Assert.Equal(
            ["Diego", "Pablo"],
            moved.Events.OfType<TurnOpened>()
                .Where(t => t.Action.Kind == ActionKind.AcknowledgeRevisedSchedule)
                .Select(t => t.Person.DisplayName)
                .Order(StringComparer.Ordinal));
        Assert.Contains(ActionKind.AcknowledgeRevisedSchedule, Owed(s, Pablo));
        Assert.Contains(
            NextActions.For(s.Delivery),
            a => a.What == "Acknowledge the revised schedule (Client handover moved to 2026-04-08)");

        Assert.Equal(OutcomeKind.Forbidden, s.Do(Quinn, new AcknowledgeRevisedSchedule()).Kind);
        var pablo = s.Ok(Pablo, new AcknowledgeRevisedSchedule());
        Assert.StartsWith("Revised schedule acknowledged by Pablo (Production Line Architect)", pablo.Message);
        Assert.DoesNotContain(ActionKind.AcknowledgeRevisedSchedule, Owed(s, Pablo));
        Assert.Contains(ActionKind.AcknowledgeRevisedSchedule, Owed(s, Diego));
        var again = s.Do(Pablo, new AcknowledgeRevisedSchedule());
        Assert.Equal(OutcomeKind.Refused, again.Kind);
        Assert.StartsWith("The revised schedule was already acknowledged by Pablo at", again.Message);

        // it holds no gate: production completes while the Deployment Specialist still owes it
        s.Ok(Pablo, new RecordCheckIn(CheckInStatus.OnTrack, null));
        s.Ok(Pablo, new AcknowledgeGate(Checks.ProductionComplete.Key));
        Assert.Equal(Stage.QaGate, s.Delivery.CurrentStage);

        s.Ok(Diego, new AcknowledgeRevisedSchedule());
        Assert.DoesNotContain(NextActions.For(s.Delivery), a => a.Kind == ActionKind.AcknowledgeRevisedSchedule);

        // a later move asks them again
        s.Ok(Dana, new RescheduleMilestone(Milestone.DeploymentComplete, new(2026, 4, 3), "window moved"));
        Assert.Equal(2, s.Delivery.UnacknowledgedMove(Domain.People.Role.DeploymentSpecialist)?.Number);
        Assert.Equal(2, s.Delivery.UnacknowledgedMove(Domain.People.Role.ProductionLineArchitect)?.Number);
    }

    [Fact]
    public void The_revised_schedule_is_nudged_like_a_gate_until_acknowledged_and_a_further_move_asks_again()
    {
        var s = Scenario.Opened().ToProduction();
        var movedAt = s.Clock.GetUtcNow(); // Monday 2 March 10:00 London
        s.Ok(Dana, new RescheduleMilestone(Milestone.ClientHandover, new(2026, 4, 8), "QA capacity"));
        s.Ok(Diego, new AcknowledgeRevisedSchedule());

        var sent = SchedulerSimulation.Run(s, movedAt.AddDays(3), TimeSpan.FromMinutes(30));

        // 8 business hours apart, only to Pablo (Diego acknowledged), then the DM is told once
        var nudges = sent.Where(x => x.Reminder.Kind == ReminderKind.RevisedScheduleNudge).ToList();
        Assert.Equal(
            [(Pablo, movedAt.AddDays(1)), (Pablo, movedAt.AddDays(2))],
            nudges.Select(x => (x.Reminder.Recipient, x.At)));
        Assert.All(nudges, x => Assert.Equal(
            ("ProductionLineArchitect", "Acknowledge the revised schedule (Client handover moved to 2026-04-08)"),
            (x.Reminder.Reference, x.Reminder.Subject)));
        var told = Assert.Single(sent, x => x.Reminder.Kind == ReminderKind.NudgesExhausted);
        Assert.Equal(Dana, told.Reminder.Recipient);
        Assert.Equal(
            "Pablo has not answered after 2 nudges: Acknowledge the revised schedule (Client handover moved to "
                + "2026-04-08)",
            told.Reminder.Subject);

        s.Ok(Pablo, new AcknowledgeRevisedSchedule());
        Assert.DoesNotContain(
            ReminderPolicy.Plan(s.Delivery, s.Clock.GetUtcNow()),
            r => r.Kind == ReminderKind.RevisedScheduleNudge);

        // a further move is a new ask: both are nudged again from it
        s.Ok(Dana, new RescheduleMilestone(Milestone.DeploymentComplete, new(2026, 4, 3), "window moved"));
        Assert.Equal(
            ["Diego", "Pablo"],
            ReminderPolicy.Plan(s.Delivery, s.Clock.GetUtcNow())
                .Where(r => r.Kind == ReminderKind.RevisedScheduleNudge)
                .Select(r => r.Recipient.DisplayName)
                .Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_paused_delivery_does_not_nudge_the_revised_schedule()
    {
        var s = Scenario.Opened().ToProduction();
        s.Ok(Dana, new RescheduleMilestone(Milestone.ClientHandover, new(2026, 4, 8), "QA capacity"));
        s.Ok(Dana, new PauseReminders());

        Assert.DoesNotContain(
            ReminderPolicy.Plan(s.Delivery, s.Clock.GetUtcNow().AddDays(5)),
            r => r.Kind == ReminderKind.RevisedScheduleNudge);
    }

    [Fact]
    public void During_stage_2_a_move_withdraws_the_acknowledgements_and_owes_no_revised_one()
    {
        var s = Scenario.Opened().Planned();
        s.Ok(Pablo, new AcknowledgeGate(Checks.ScheduleAcknowledgedByPla.Key));

        var outcome = s.Ok(Dana, new RescheduleMilestone(Milestone.ProductionComplete, new(2026, 3, 23), "scope"));

        Assert.Null(s.Delivery.DecisionFor(Checks.ScheduleAcknowledgedByPla));
        Assert.Contains(outcome.Events, e => e is DecisionWithdrawn);
        Assert.False(Assert.Single(s.Delivery.State.MilestoneMoves).NeedsAcknowledgement);
        Assert.DoesNotContain(NextActions.For(s.Delivery), a => a.Kind == ActionKind.AcknowledgeRevisedSchedule);
        Assert.Contains(NextActions.For(s.Delivery), a => a.CheckKey == Checks.ScheduleAcknowledgedByPla.Key);
    }

    [Fact]
    public void A_slip_or_a_new_client_date_offers_the_dm_the_delay_notice_an_earlier_internal_date_does_not()
    {
        var s = Scenario.Opened().ToProduction();

        var earlier = s.Ok(Dana, new RescheduleMilestone(Milestone.QaSubmitted, new(2026, 3, 20), "ahead"));
        var slip = s.Ok(Dana, new RescheduleMilestone(Milestone.QaCertified, new(2026, 3, 31), "capacity"));
        var client = s.Ok(Dana, new RescheduleMilestone(Milestone.ClientHandover, new(2026, 4, 2), "sooner"));

        Assert.Empty(earlier.Events.OfType<DelayNoticeDue>());
        var due = Assert.Single(slip.Events.OfType<DelayNoticeDue>());
        Assert.Equal(("move:2", Dana), (due.Cause, due.To));
        Assert.Contains("QA certified moved from 2026-03-27 to 2026-03-31 (capacity)", due.Summary);
        Assert.Equal("move:3", Assert.Single(client.Events.OfType<DelayNoticeDue>()).Cause);
    }

    [Fact]
    public void A_qa_failure_and_a_failed_deployment_offer_the_delay_notice_once_each()
    {
        var s = Scenario.Opened().ToQa();

        var failed = s.Ok(Quinn, new RecordQaVerdict(1, QaVerdict.Fail, "Credit notes misrouted"));
        var offered = Assert.Single(failed.Events.OfType<DelayNoticeDue>());
        Assert.Equal(("qa-fail:1", Dana), (offered.Cause, offered.To));

        s.Ok(Pablo, new ResubmitToQa("Routing fixed"));
        s.Ok(Quinn, new RecordQaVerdict(2, QaVerdict.Pass));
        s.Ok(Diego, new ConfirmDeploymentWindow(new(2026, 3, 30), new(2026, 4, 1)));
        s.Go();
        s.Ok(Diego, new StartDeployment());
        var deployment = s.Ok(Diego, new RecordDeploymentFailure("Health checks time out"));

        Assert.Equal("deployment-failed:B1", Assert.Single(deployment.Events.OfType<DelayNoticeDue>()).Cause);
        Assert.Equal("Deployment failed: Health checks time out", Assert.Single(s.Delivery.State.Blockers).Description);
        Assert.Single(deployment.Events.OfType<BlockerRaised>());
        Assert.Equal(
            OutcomeKind.Refused, Scenario.Opened().ToQa().Do(Diego, new RecordDeploymentFailure("early")).Kind);
    }

    [Fact]
    public void Sharing_the_schedule_tells_every_other_stakeholder()
    {
        var s = Scenario.Opened().ToPlanning();
        s.Ok(Dana, new PlanDelivery(Scenario.SampleSchedule));

        var shared = Assert.Single(s.Ok(Dana, new PublishSchedule()).Events.OfType<ScheduleShared>());

        // the DM shared it; the PLA and the Deployment Specialist are asked to acknowledge it in their own turn
        Assert.Equal(["Clara", "Cora", "Ivy", "Quinn"],
            shared.With.Select(p => p.DisplayName).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("8", Milestone.ClientHandover)]
    [InlineData("1", Milestone.IntakeHandoff)]
    [InlineData("client handover", Milestone.ClientHandover)]
    [InlineData("Client-Handover", Milestone.ClientHandover)]
    [InlineData("handover", Milestone.ClientHandover)]
    [InlineData("qa certification", Milestone.QaCertified)]
    [InlineData("QA submitted", Milestone.QaSubmitted)]
    [InlineData("post-delivery review", Milestone.PostDeliveryReview)]
    [InlineData("deployment end", Milestone.DeploymentComplete)]
    public void A_milestone_is_named_by_its_number_or_its_name(string text, Milestone expected)
        => Assert.Equal(expected, MilestoneNames.Parse(text));

    [Theory]
    [InlineData("0")]
    [InlineData("10")]
    [InlineData("-1")]
    [InlineData("qa")]
    [InlineData("deployment")]
    [InlineData("")]
    public void Anything_else_is_no_milestone(string text) => Assert.Null(MilestoneNames.Parse(text));

    [Fact]
    public void The_record_and_the_delay_notice_show_the_moves()
    {
        var s = Scenario.Opened().ToProduction();
        s.Ok(Dana, new RescheduleMilestone(Milestone.ClientHandover, new(2026, 4, 8), "QA | capacity"));

        var record = RecordMarkdown.Render(s.Delivery, s.Clock.GetUtcNow());
        var notice = ClientMessages.DelayNoticeDraft(s.Delivery, s.Clock.GetUtcNow());

        Assert.EndsWith(
            "## Schedule changes\n| Date | Milestone | From | To | Reason | By |\n" +
            "|------|-----------|------|----|--------|----|\n" +
            "| 2026-03-02 | Client handover | 2026-04-03 | 2026-04-08 | QA \\| capacity | Dana |\n",
            record);
        Assert.Contains("- Client handover: moved from 3 April 2026 to 8 April 2026\n", notice);
        Assert.DoesNotContain("capacity", notice); // the reason is the team's
        Assert.DoesNotContain("describe what is late", notice);

        s.Ok(Dana, new RecordClientCommunication(CommunicationType.DelayNotice, "Handover moves to 8 April"));
        Assert.DoesNotContain(
            "moved from", ClientMessages.DelayNoticeDraft(s.Delivery, s.Clock.GetUtcNow())); // already told
    }
}
