using DeliveryBot.Domain.Calendar;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Incidents;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Policies;
using DeliveryBot.Domain.Record;
using DeliveryBot.TestKit;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Domain.Tests.Policies;

public sealed class ReminderPolicyTests
{
    private static DateTimeOffset Utc(int mo, int d, int h, int mi = 0) => new(2026, mo, d, h, mi, 0, TimeSpan.Zero);

    private static DueReminder Single(Scenario s, ReminderKind kind, Func<DueReminder, bool>? where = null)
        => Assert.Single(
            ReminderPolicy.Plan(s.Delivery, s.Clock.GetUtcNow()), r => r.Kind == kind && (where?.Invoke(r) ?? true));

    [Fact]
    public void A_pending_gate_is_nudged_after_n_business_hours_then_the_dm_is_told_after_k_nudges()
    {
        var s = Scenario.Opened(); // Monday 2 March 10:00 London; nudge after 8 business hours, DM told after 2
        s.Ok(Dana, new AcknowledgeGate(Checks.RequirementsUnambiguous.Key));

        var first = Single(s, ReminderKind.GateNudge);
        Assert.Equal((Ivy, Utc(3, 3, 10)), (first.Recipient, first.DueAt));
        Assert.Empty(ReminderPolicy.Due(s.Delivery, Utc(3, 3, 9, 59)));

        var sent = SchedulerSimulation.Run(s, Utc(3, 5, 18), TimeSpan.FromMinutes(15));

        Assert.Equal(
            [("nudge", Ivy, Utc(3, 3, 10)), ("nudge", Ivy, Utc(3, 4, 10)), ("nudges-exhausted", Dana, Utc(3, 4, 10))],
            sent.Where(x => x.Reminder.Kind is ReminderKind.GateNudge or ReminderKind.NudgesExhausted)
                .Select(x => (x.Reminder.Key.Split(':')[0], x.Reminder.Recipient, x.At)));
    }

    [Fact]
    public void A_nudge_is_counted_for_its_own_check_only_in_any_round()
    {
        foreach (var check in StageCatalog.AllChecks)
            foreach (var other in StageCatalog.AllChecks)
                foreach (var key in new[] { $"nudge:{other.Key}:1772445600:1", $"nudge:{other.Key}:1772532000:3" })
                    Assert.True(
                        ReminderPolicy.IsNudgeFor(key, check) == (other == check), $"{key} counted for {check.Key}");

        var gate = Checks.ScheduleAcknowledgedByPla;
        Assert.All(
            [$"nudge:{gate.Key}", $"nudge:{gate.Key}-x:1:1", $"escalation-nudge:{gate.Key}:1", $"{gate.Key}:1:1", ""],
            key => Assert.False(ReminderPolicy.IsNudgeFor(key, gate), key));
    }

    [Fact]
    public void A_nudge_waits_for_the_recipients_own_working_hours()
    {
        var s = Scenario.Opened();
        s.Ok(Dana, new AssignRole(Role.ClientIntakeManager, Ivy with { TimeZoneId = "America/New_York" }));

        // Asked Monday 10:00 London = 05:00 New York: 8 working hours in New York end at 17:00, so Tuesday 09:00 EST.
        Assert.Equal(Utc(3, 3, 14), Single(s, ReminderKind.GateNudge, r => r.Recipient.IsSameAs(Ivy)).DueAt);
    }

    [Fact]
    public void A_nudge_goes_to_the_delegate_while_the_holder_is_away()
    {
        var s = Scenario.Opened().Planned();
        s.Ok(Pablo, new DelegateRole(Role.ProductionLineArchitect, Sam, new DateOnly(2026, 3, 13)));

        Assert.Equal(
            Sam, Single(s, ReminderKind.GateNudge, r => r.Reference == Checks.ScheduleAcknowledgedByPla.Key).Recipient);
    }

    [Fact]
    public void The_qa_engineer_is_nudged_per_attempt()
    {
        var s = Scenario.Opened().ToQa();
        var first = Single(s, ReminderKind.GateNudge);
        s.Ok(Quinn, new RecordQaVerdict(1, QaVerdict.Fail, "broken"));
        Assert.DoesNotContain(
            ReminderPolicy.Plan(s.Delivery, s.Clock.GetUtcNow()), r => r.Kind == ReminderKind.GateNudge);

        s.Later(TimeSpan.FromHours(2));
        s.Ok(Pablo, new ResubmitToQa("fixed"));

        var second = Single(s, ReminderKind.GateNudge);
        Assert.Equal(Quinn, second.Recipient);
        Assert.NotEqual(first.Key, second.Key);
    }

    [Fact]
    public void Production_check_ins_come_every_interval_and_a_check_in_resets_the_clock()
    {
        var s = Scenario.Opened().ToProduction(); // stage 3 from Monday 10:00; every 2 business days
        Assert.Equal(
            (Pablo, Utc(3, 4, 10)),
            (Single(s, ReminderKind.ProductionCheckIn).Recipient, Single(s, ReminderKind.ProductionCheckIn).DueAt));

        s.Later(TimeSpan.FromDays(1)); // Tuesday 10:00
        s.Ok(Pablo, new RecordCheckIn(CheckInStatus.OnTrack, Note: null));

        Assert.Equal(Utc(3, 5, 10), Single(s, ReminderKind.ProductionCheckIn).DueAt);
    }

    [Fact]
    public void The_status_update_fires_once_per_slot_across_the_spring_dst_change_and_skips_a_holiday()
    {
        var settings = DeliverySettings.For("Europe/London") with
        {
            Cadence = StatusUpdateCadence.Weekly(DayOfWeek.Monday, new(10, 0), new DateOnly(2026, 3, 16)),
            Calendar = new WorkingPattern
            {
                TimeZoneId = "Europe/London",
                Holidays = [new(new(2026, 4, 6), "Easter Monday")],
            },
        };
        var s = Scenario.Opened(settings).ToPlanning();

        var sent = SchedulerSimulation.Run(s, Utc(4, 14, 0), TimeSpan.FromMinutes(15))
            .Where(x => x.Reminder.Kind == ReminderKind.StatusUpdateDue).Select(x => (x.Reminder.Key, x.At)).ToList();

        Assert.Equal(
        [
            ("status-update:2026-03-16", Utc(3, 16, 10)),
            ("status-update:2026-03-23", Utc(3, 23, 10)),
            ("status-update:2026-03-30", Utc(3, 30, 9)),  // 10:00 BST
            ("status-update:2026-04-06", Utc(4, 7, 8)),   // Easter Monday: Tuesday 09:00 BST
            ("status-update:2026-04-13", Utc(4, 13, 9)),
        ], sent);
    }

    [Fact]
    public void The_status_update_fires_once_across_the_autumn_change_in_new_york()
    {
        var settings = DeliverySettings.For("America/New_York") with
        {
            Cadence = StatusUpdateCadence.Weekly(DayOfWeek.Monday, new(10, 0), new DateOnly(2026, 10, 26)),
        };
        var s = new Scenario();
        s.Clock.Set(Utc(10, 26, 13));
        var intake = Scenario.SampleIntake(settings) with
        {
            IntakeDate = new(2026, 10, 26),
            AgreedDeliveryDate = new(2026, 12, 1),
        };
        var d = Delivery.Open("D7", intake, s.Meta(Dana));
        d.Execute(new SkipStage(Stage.IntakeHandoff, "fast track"), s.Meta(Dana));
        var sent = new List<(string, DateTimeOffset)>();
        for (; s.Clock.GetUtcNow() < Utc(11, 10, 0); s.Clock.Advance(TimeSpan.FromMinutes(15)))
            foreach (var due in ReminderPolicy.Due(d, s.Clock.GetUtcNow())
                .Where(r => r.Kind == ReminderKind.StatusUpdateDue))
            {
                Assert.True(d.Execute(new RecordReminderSent(due.Key, due.Recipient), s.Meta(Person.System)).Changed);
                sent.Add((due.Key, s.Clock.GetUtcNow()));
            }

        Assert.Equal(
        [
            ("status-update:2026-10-26", Utc(10, 26, 14)),
            ("status-update:2026-11-02", Utc(11, 2, 15)),
            ("status-update:2026-11-09", Utc(11, 9, 15)),
        ], sent);
    }

    [Fact]
    public void After_downtime_only_the_latest_missed_status_update_is_due()
    {
        var settings = DeliverySettings.For("Europe/London") with
        {
            Cadence = StatusUpdateCadence.Weekly(DayOfWeek.Monday, new(10, 0), new DateOnly(2026, 3, 2)),
        };
        var s = Scenario.Opened(settings).ToPlanning();

        var due = ReminderPolicy.Due(s.Delivery, Utc(3, 25, 12))
            .Where(r => r.Kind == ReminderKind.StatusUpdateDue)
            .ToList();

        Assert.Equal("status-update:2026-03-23", Assert.Single(due).Key);
    }

    [Fact]
    public void A_milestone_beyond_its_acceptable_delay_escalates_once_then_the_cto_is_nudged_daily_until_acknowledged()
    {
        var s = Scenario.Opened().ToProduction(); // production start target Monday 9 March, 2 business days acceptable
        // production started, so only later milestones are pending
        s.Ok(Pablo, new RecordCheckIn(CheckInStatus.OnTrack, Note: null));
        s.Ok(Dana, new RescheduleMilestone(Milestone.ProductionComplete, new DateOnly(2026, 3, 4), "tight"));

        var due = Single(s, ReminderKind.EscalationDue, r => r.Key == "milestone:ProductionComplete");
        // 4 March + 2 business days = Friday 6; escalate Monday 09:00
        Assert.Equal((Clara, Utc(3, 9, 9)), (due.Recipient, due.DueAt));
        Assert.Equal(
            ("Production complete (target 2026-03-04) is late beyond the acceptable 2 business days.", due.Key),
            (due.Subject, due.Reference));

        var sent = SchedulerSimulation.Run(s, Utc(3, 11, 12), TimeSpan.FromMinutes(15));
        var escalation = Assert.Single(s.Delivery.State.Escalations);
        Assert.Equal("milestone:ProductionComplete", escalation.Trigger);
        Assert.Equal(["escalation:D1-E1", "escalation-nudge:D1-E1:1", "escalation-nudge:D1-E1:2"],
            sent.Where(x => x.Reminder.Recipient.IsSameAs(Clara) && x.Reminder.Kind != ReminderKind.EscalationDue)
                .Select(x => x.Reminder.Key));

        s.Ok(Clara, new AcknowledgeEscalation(escalation.Id));
        Assert.DoesNotContain(ReminderPolicy.Plan(s.Delivery, s.Clock.GetUtcNow()), r => r.Reference == escalation.Id);
    }

    [Fact]
    public void The_next_due_time_is_the_earliest_of_the_plan_in_each_state_of_a_delivery_and_its_service()
    {
        // every save asks only the earliest due time, planned without the reminders' texts: it must be the full plan's
        var blocked = Scenario.Opened().ToProduction();
        blocked.Ok(Pablo, new RaiseBlocker("Vendor API down"));
        var slipping = Scenario.Opened().ToProduction();
        slipping.Ok(Dana, new RescheduleMilestone(Milestone.ProductionComplete, new DateOnly(2026, 3, 4), "tight"));
        var escalated = Scenario.Opened();
        escalated.Ok(Dana, new Escalate("Capacity"));
        // paused, the delivery's own reminders stop and the escalations due are all that is planned
        var paused = Scenario.Opened().ToProduction();
        paused.Ok(Pablo, new RaiseBlocker("Vendor API down"));
        paused.Ok(Dana, new RescheduleMilestone(Milestone.ProductionComplete, new DateOnly(2026, 3, 4), "tight"));
        paused.Ok(Dana, new PauseReminders());
        // live, an outage's incident: its targets escalate at any hour
        var incident = Scenario.Opened().ToHandover();
        incident.Ok(Diego, new DeclareIncident(
            "Down", Severity.Sev1, "Intake", incident.Clock.GetUtcNow(), IsOutage: true));
        Scenario[] states =
        [
            Scenario.Opened(), Scenario.Opened().Planned(), Scenario.Opened().ToProduction(), blocked, slipping,
            escalated, paused, Scenario.Opened().ToQa(), Scenario.Opened().ToHandover(), incident,
            Scenario.Opened().Reviewed(),
        ];
        var seen = 0;
        foreach (var t in states)
            foreach (var at in new[] { t.Clock.GetUtcNow(), t.Clock.GetUtcNow().AddDays(3), Utc(6, 1, 0) })
            {
                var plan = ReminderPolicy.Plan(t.Delivery, at);
                Assert.Equal(plan.Count == 0 ? null : plan.Min(r => r.DueAt), ReminderPolicy.NextDueAt(t.Delivery, at));
                if (plan.Count > 0 && plan.MinBy(r => r.DueAt)!.Kind == ReminderKind.EscalationDue) seen++;
            }
        Assert.True(seen > 0, "no state had an escalation as the first thing due");
        var proposed = Scenario.Proposed();
        Assert.Null(ReminderPolicy.NextDueAt(proposed.Delivery, proposed.Clock.GetUtcNow()));
    }

    [Fact]
    public void Escalation_reminders_follow_whoever_holds_the_cto_role_now()
    {
        var s = Scenario.Opened();
        s.Ok(Dana, new Escalate("Capacity"));
        s.Ok(Dana, new AssignRole(Role.Cto, Sam));

        Assert.Equal(Sam, Single(s, ReminderKind.EscalationNotice).Recipient);
        Assert.Equal(Clara, s.Delivery.State.Escalations[0].EscalatedTo); // the record keeps who it went to
    }

    [Fact]
    public void After_a_week_of_downtime_the_cto_gets_one_nudge_not_a_burst()
    {
        var s = Scenario.Opened();
        s.Ok(Dana, new Escalate("Capacity"));
        SchedulerSimulation.Run(s, Utc(3, 2, 11), TimeSpan.FromMinutes(30)); // the notice goes out at once

        s.Clock.Set(Utc(3, 13, 12)); // the scheduler was down for a week and a half
        var due = ReminderPolicy.Due(s.Delivery, s.Clock.GetUtcNow())
            .Where(r => r.Kind == ReminderKind.EscalationNudge)
            .ToList();

        Assert.Single(due);
        s.Ok(Person.System, new RecordReminderSent(due[0].Key, due[0].Recipient));
        Assert.Equal(Utc(3, 16, 12), Single(s, ReminderKind.EscalationNudge).DueAt); // next business day, same hour
    }

    [Fact]
    public void An_unresolved_blocker_escalates_after_the_acceptable_delay()
    {
        var s = Scenario.Opened().ToProduction();
        s.Ok(Pablo, new RaiseBlocker("Vendor API down"));

        var due = Single(s, ReminderKind.EscalationDue, r => r.Key == "blocker:B1");
        Assert.Equal(
            (Utc(3, 4, 10), "Blocker B1 is unresolved beyond the acceptable 2 business days: Vendor API down"),
            (due.DueAt, due.Subject));
        s.Ok(Pablo, new ResolveBlocker("B1", "Vendor fixed it"));
        Assert.DoesNotContain(ReminderPolicy.Plan(s.Delivery, s.Clock.GetUtcNow()), r => r.Key == "blocker:B1");
    }

    [Fact]
    public void The_review_starts_five_business_days_after_a_silent_handover()
    {
        var s = Scenario.Opened().HandoverSent();

        Assert.Equal(Utc(3, 9, 10), Single(s, ReminderKind.ReviewStart).DueAt);
        SchedulerSimulation.Run(s, Utc(3, 9, 12), TimeSpan.FromMinutes(30));
        Assert.Equal(Stage.PostDeliveryReview, s.Delivery.CurrentStage);
        Assert.DoesNotContain(
            ReminderPolicy.Plan(s.Delivery, s.Clock.GetUtcNow()), r => r.Kind == ReminderKind.ReviewStart);
    }

    [Fact]
    public void A_client_acknowledgement_cancels_the_review_timer()
    {
        var s = Scenario.Opened().ToReview();

        Assert.DoesNotContain(
            ReminderPolicy.Plan(s.Delivery, s.Clock.GetUtcNow()), r => r.Kind == ReminderKind.ReviewStart);
    }

    [Fact]
    public void A_lapsed_delegation_is_ended_and_the_holder_told_in_working_hours()
    {
        var s = Scenario.Opened();
        s.Ok(Pablo, new DelegateRole(Role.ProductionLineArchitect, Sam, new DateOnly(2026, 3, 6))); // Friday

        var due = Single(s, ReminderKind.DelegationEnded);
        Assert.Equal((Pablo, Utc(3, 9, 9)), (due.Recipient, due.DueAt));
        SchedulerSimulation.Run(s, Utc(3, 9, 10), TimeSpan.FromMinutes(30));
        Assert.NotNull(s.Delivery.State.Delegations[0].EndedAt);
    }

    [Fact]
    public void Over_weeks_of_a_stuck_delivery_nothing_is_sent_twice_or_outside_working_hours()
    {
        var settings = DeliverySettings.For("Europe/London") with
        {
            Cadence = StatusUpdateCadence.Weekly(DayOfWeek.Monday, new(10, 0), new DateOnly(2026, 3, 2)),
        };
        var s = Scenario.Opened(settings).ToProduction();
        s.Ok(Pablo, new RaiseBlocker("Stuck"));

        var sent = SchedulerSimulation.Run(s, Utc(4, 30, 0), TimeSpan.FromMinutes(20));

        Assert.True(sent.Count > 20, $"only {sent.Count} reminders");
        Assert.Equal(sent.Count, sent.Select(x => x.Reminder.Key).Distinct().Count());
        Assert.All(sent, x => Assert.True(s.Delivery.Calendar.IsWorkingMoment(x.At), $"{x.Reminder.Key} at {x.At}"));
        Assert.Contains(sent, x => x.Reminder.Kind == ReminderKind.ProductionCheckIn);
        Assert.Contains(sent, x => x.Reminder.Kind == ReminderKind.EscalationNudge);
    }

    [Fact]
    public void A_closed_delivery_has_nothing_scheduled()
    {
        var s = Scenario.Opened().Reviewed();
        s.Ok(Dana, new CloseDelivery());

        Assert.Empty(ReminderPolicy.Plan(s.Delivery, s.Clock.GetUtcNow()));
        Assert.Null(ReminderPolicy.NextDueAt(s.Delivery, s.Clock.GetUtcNow()));
    }

    [Fact]
    public void Paused_reminders_stop_nudges_check_ins_and_status_updates_not_escalations_and_resume_with_one_catch_up()
    {
        var s = Scenario.Opened().ToProduction(); // Pablo owes the production start; check-ins are due
        s.Ok(Dana, new Escalate("Vendor keys late", "manual"));
        Assert.Contains(
            ReminderPolicy.Plan(s.Delivery, s.Clock.GetUtcNow()), r => r.Kind == ReminderKind.ProductionCheckIn);

        Assert.Equal(OutcomeKind.Forbidden, s.Do(Pablo, new PauseReminders()).Kind);
        s.Ok(Dana, new PauseReminders());
        Assert.Equal(OutcomeKind.AlreadyDecided, s.Do(Dana, new PauseReminders()).Kind);
        s.Later(TimeSpan.FromDays(10));

        var paused = ReminderPolicy.Plan(s.Delivery, s.Clock.GetUtcNow());
        Assert.DoesNotContain(
            paused,
            r => r.Kind is ReminderKind.ProductionCheckIn or ReminderKind.GateNudge or ReminderKind.StatusUpdateDue);
        Assert.Contains(paused, r => r.Kind is ReminderKind.EscalationNotice);

        s.Ok(Dana, new ResumeReminders());
        Assert.Single(
            ReminderPolicy.Due(s.Delivery, s.Clock.GetUtcNow()), r => r.Kind == ReminderKind.ProductionCheckIn);
        Assert.Equal(OutcomeKind.Refused, s.Do(Dana, new ResumeReminders()).Kind);
    }

    [Fact]
    public void The_dm_sets_the_status_update_cadence_and_the_update_falls_due_on_its_day_in_the_clients_zone()
    {
        var s = Scenario.Opened().ToProduction(); // Monday 2 March 2026, London
        Assert.Equal(
            OutcomeKind.Forbidden,
            s.Do(Pablo, new SetStatusUpdateCadence(DayOfWeek.Thursday, new TimeOnly(10, 0), 1)).Kind);
        Assert.Equal(
            OutcomeKind.Refused,
            s.Do(Dana, new SetStatusUpdateCadence(DayOfWeek.Thursday, new TimeOnly(10, 0), 9)).Kind);

        s.Ok(Dana, new SetStatusUpdateCadence(DayOfWeek.Thursday, new TimeOnly(10, 0), 1));

        Assert.Equal(
            (Dana, Utc(3, 5, 10)),
            (Single(s, ReminderKind.StatusUpdateDue).Recipient, Single(s, ReminderKind.StatusUpdateDue).DueAt));
    }

    private static ChangeReminderSettings Settings(
        IReadOnlyList<Holiday>? holidays = null, int nudgeAfter = 8, string zone = "Europe/London",
        TimeOnly? start = null, TimeOnly? end = null, DayOfWeek[]? days = null)
        => new(
            TimeZoneId: zone,
            WorkDays: days
                ?? [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday],
            DayStart: start ?? new TimeOnly(9, 0),
            DayEnd: end ?? new TimeOnly(17, 0),
            Holidays: holidays ?? [],
            NudgeAfterBusinessHours: nudgeAfter,
            NudgesBeforeTellingDm: 2,
            CheckInEveryBusinessDays: 2,
            BlockerAcceptableDelayDays: 2);

    [Fact]
    public void Holidays_that_leave_no_working_day_for_half_a_year_are_refused_when_set_and_change_nothing()
    {
        var s = Scenario.Opened();
        var version = s.Delivery.Version;
        var fridays = Enumerable.Range(0, 54)
            .Select(i => new Holiday(new DateOnly(2026, 3, 6).AddDays(7 * i), $"Friday {i}"))
            .ToList();

        var refused = s.Do(Dana, Settings(fridays, days: [DayOfWeek.Friday]));

        Assert.Equal(OutcomeKind.Refused, refused.Kind);
        Assert.Contains("leave no working day for more than 180 days", refused.Message, StringComparison.Ordinal);
        Assert.Equal(version, s.Delivery.Version);
    }

    [Fact]
    public void The_dm_sets_holidays_and_nudge_hours_and_the_nudge_moves_past_the_holiday_keeping_the_cadence()
    {
        var s = Scenario.Opened(); // Monday 2 March 10:00 London; Ivy owes the timeline acknowledgement
        s.Ok(Dana, new AcknowledgeGate(Checks.RequirementsUnambiguous.Key));
        s.Ok(Dana, new SetStatusUpdateCadence(DayOfWeek.Thursday, new TimeOnly(10, 0), 1));
        Assert.Equal(Utc(3, 3, 10), Single(s, ReminderKind.GateNudge).DueAt);

        s.Ok(Dana, Settings(
            holidays: [new(new DateOnly(2026, 3, 3), "Company day"), new(new DateOnly(2026, 3, 3), "twice")],
            nudgeAfter: 4));

        // 4 business hours from Monday 10:00 is Monday 14:00 (Tuesday, the holiday, is not reached)
        Assert.Equal(Utc(3, 2, 14), Single(s, ReminderKind.GateNudge).DueAt);
        Assert.Equal(new TimeOnly(10, 0), s.Delivery.State.Settings.Cadence!.Time); // the cadence is kept
        // one entry per date, the first
        Assert.Equal("Company day", Assert.Single(s.Delivery.State.Settings.Calendar.Holidays).Name);

        s.Ok(Dana, Settings(holidays: [new(new DateOnly(2026, 3, 3), "Company day")], nudgeAfter: 12));
        Assert.Equal(Utc(3, 4, 14), Single(s, ReminderKind.GateNudge).DueAt); // Mon 7 h, Tue off, Wed 5 h more
    }

    [Fact]
    public void Calendar_and_reminder_settings_are_the_dms_and_bad_values_change_nothing()
    {
        var s = Scenario.Opened();
        var before = s.Delivery.State.Settings;

        Assert.Equal(OutcomeKind.Forbidden, s.Do(Pablo, Settings()).Kind);
        Assert.Equal(OutcomeKind.Refused, s.Do(Dana, Settings(zone: "Mars/Olympus")).Kind);
        Assert.Equal(
            OutcomeKind.Refused, s.Do(Dana, Settings(start: new TimeOnly(17, 0), end: new TimeOnly(9, 0))).Kind);
        Assert.Equal(OutcomeKind.Refused, s.Do(Dana, Settings(days: [])).Kind);
        Assert.Equal(OutcomeKind.Refused, s.Do(Dana, Settings(nudgeAfter: 0)).Kind);
        Assert.Equal(OutcomeKind.Refused, s.Do(Dana, Settings(holidays: [new(new DateOnly(2026, 12, 25), "  ")])).Kind);
        Assert.Equal(OutcomeKind.Refused, s.Do(Dana, Settings(holidays:
        [
            .. Enumerable.Range(0, 101).Select(i => new Holiday(new DateOnly(2026, 1, 1).AddDays(i), "day")),
        ])).Kind);
        Assert.Equal(OutcomeKind.Refused, s.Do(Dana, Settings(days: [(DayOfWeek)9])).Kind);

        Assert.Equal(before, s.Delivery.State.Settings);
    }
}
