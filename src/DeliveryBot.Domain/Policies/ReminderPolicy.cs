using System.Globalization;
using DeliveryBot.Domain.Calendar;
using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Incidents;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;

namespace DeliveryBot.Domain.Policies;

/// <summary>
/// Which scheduled messages a delivery has, and when each is due, as a pure function of the record.
/// <see cref="Plan"/> gives the next occurrence of every reminder stream (some in the past: due now);
/// every due time is a working moment of its recipient. Sent keys (<see cref="DeliveryState.Reminders"/>)
/// and raised escalations are never due again.
/// </summary>
public static class ReminderPolicy
{
    public static IReadOnlyList<DueReminder> Due(Delivery delivery, DateTimeOffset now)
        => [.. Plan(delivery, now).Where(r => r.DueAt <= now).OrderBy(r => r.DueAt)];

    /// <summary>
    /// The earliest moment something is due, for the scheduler's index; null when nothing is planned.
    /// </summary>
    public static DateTimeOffset? NextDueAt(Delivery delivery, DateTimeOffset now)
        => Planned(delivery, now, timesOnly: true).Earliest;

    /// <summary>
    /// Whether the scheduler itself tells the person about this action the moment it exists: an open escalation's
    /// notice is due when it is raised (on the CTO's working hours) and re-sent each business day until acknowledged,
    /// so whoever announces new turns after a change must leave it to the scheduler, or the CTO hears it twice.
    /// </summary>
    public static bool Announces(ActionKind kind) => kind == ActionKind.AcknowledgeEscalation;

    /// <summary>
    /// Whether a reminder's key is one of a gate check's nudges ("nudge:&lt;check&gt;:&lt;asked&gt;:&lt;n&gt;", one
    /// round per ask), in any round. The metrics count them by it, for every gate answered on every save: read in
    /// place, not by a prefix made each time.
    /// </summary>
    public static bool IsNudgeFor(string reminderKey, GateCheck check)
    {
        const string Nudge = "nudge:";
        var key = reminderKey.AsSpan();
        var colon = Nudge.Length + check.Key.Length;
        return key.Length > colon && key[colon] == ':' && key.StartsWith(Nudge, StringComparison.Ordinal)
            && key[Nudge.Length..colon].SequenceEqual(check.Key);
    }

    /// <summary>
    /// What an error-budget alert's key ("budget:&lt;yyyy-MM&gt;:&lt;50|100|burn&gt;:&lt;dm|cto&gt;") says, in words
    /// ("half the error budget of March 2026 used"); null for any other reminder's key. The digest reads the alerts
    /// sent by it.
    /// </summary>
    public static string? ErrorBudgetAlertOf(string key)
    {
        if (key.Split(':') is not ["budget", var month, var what, _]
            || !DateOnly.TryParseExact($"{month}-01", "yyyy-MM-dd", CultureInfo.InvariantCulture,
                DateTimeStyles.None, out var day)) return null;
        var named = day.ToString("MMMM yyyy", CultureInfo.InvariantCulture);
        return what switch
        {
            "50" => $"half the error budget of {named} used",
            "100" => $"all the error budget of {named} used",
            "burn" => $"the error budget of {named} burning faster than the month",
            _ => null,
        };
    }

    public static IReadOnlyList<DueReminder> Plan(Delivery delivery, DateTimeOffset now)
        => Planned(delivery, now, timesOnly: false).Reminders;

    /// <summary>
    /// Every stream planned; <paramref name="timesOnly"/>: only the earliest due time kept (every save asks it for
    /// the scheduler's index), without the reminders themselves, nor the texts of the escalations every milestone and
    /// blocker could raise (the other streams' texts are few and mostly made already).
    /// </summary>
    private static Planner Planned(Delivery delivery, DateTimeOffset now, bool timesOnly)
    {
        var plan = new Planner(delivery, now, timesOnly);
        // Nothing runs before the DM named takes the delivery on, nor after they declined it.
        if (delivery.State.Proposal is { ConfirmedAt: null }) return plan;
        // Follow-ups and the service outlive the delivery: a closed one is still nudged about its follow-ups until
        // they are done, and its incidents run their timers, and nothing else (a pause left on at closing cannot be
        // lifted any more, so it does not hold them then).
        if (delivery.IsClosed)
        {
            plan.FollowUps();
            plan.Incidents();
            plan.IncidentReviews();
            plan.ErrorBudgetAlerts();
            plan.EscalationNotices();
            return plan;
        }
        if (delivery.State.RemindersPaused is null)
        {
            plan.GateNudges();
            plan.RevisedScheduleNudges();
            plan.CheckIns();
            plan.StatusUpdates();
            plan.FollowUps();
            plan.CommunicationPlanMessages();
            plan.SuccessMetrics();
        }
        // Never paused: a delay past what was agreed is the CTO's to know, and the review and delegations keep
        // their dates.
        plan.Escalations();
        plan.Incidents();
        // the service's lessons are not paused with the delivery's reminders
        plan.IncidentReviews();
        plan.ErrorBudgetAlerts();
        plan.ReviewStart();
        plan.Delegations();
        return plan;
    }

    private sealed class Planner(Delivery delivery, DateTimeOffset now, bool timesOnly)
    {
        private readonly DeliveryState _s = delivery.State;
        public List<DueReminder> Reminders { get; } = [];

        /// <summary>The earliest due time planned: all a plan of times only keeps.</summary>
        public DateTimeOffset? Earliest { get; private set; }

        private void Keep(
            ReminderKind kind, string key, Person to, DateTimeOffset due, string subject, string? reference)
        {
            if (Earliest is null || due < Earliest) Earliest = due;
            if (!timesOnly) Reminders.Add(new DueReminder(kind, key, to, due, subject, reference));
        }

        private BusinessCalendar CalendarOf(Person p)
            => p.TimeZoneId is { } zone
                && zone != _s.Settings.Calendar.TimeZoneId
                && BusinessCalendar.IsKnownZone(zone)
                ? new BusinessCalendar(_s.Settings.Calendar.InZone(zone))
                : delivery.Calendar;

        private bool Sent(string key) => SentAt(key) is not null;

        private DateTimeOffset? SentAt(string key)
        {
            // a loop, not Find with a lambda: asked for every reminder of the plan each save makes for its due time
            foreach (var sent in _s.Reminders)
                if (sent.Key == key) return sent.SentAt;
            return null;
        }

        /// <summary>
        /// A reminder due at the recipient's next working moment from <paramref name="at"/>, or at any hour when
        /// <paramref name="anyHour"/> (an incident on the wall clock does not wait for the morning).
        /// </summary>
        private void Add(
            ReminderKind kind,
            string key,
            Person to,
            DateTimeOffset at,
            string subject,
            string? reference = null,
            bool anyHour = false)
        {
            if (!Sent(key))
                Keep(kind, key, to, anyHour ? at : CalendarOf(to).NextWorkingMoment(at), subject, reference);
        }

        /// <summary>Who is asked for a role: the delegate while the holder is away, else the holder.</summary>
        private Person? AskFor(Role role)
            => delivery.ActiveDelegations(role, now).Select(d => d.To).FirstOrDefault() ?? delivery.HolderOf(role);

        public void GateNudges()
        {
            foreach (var check in delivery.OpenChecks())
            {
                if (GateRequests.NudgeFrom(delivery, check) is not { } asked) continue;
                var holder = check == Checks.ClientReceipt && AskFor(Role.ClientContact) is not { ObjectId: not null }
                    ? AskFor(Role.DeliveryManager) : AskFor(check.Role);
                if (holder is null) continue;
                NudgeRound(check, holder, asked);
            }
        }

        /// <summary>
        /// Nudge n is due N business hours after nudge n-1 (or the ask); after the last, the DM is told once.
        /// </summary>
        private void NudgeRound(GateCheck check, Person holder, DateTimeOffset asked)
            => NudgeRound(
                ReminderKind.GateNudge,
                // the shape IsNudgeFor reads
                round: $"{check.Key}:{asked.ToUnixTimeSeconds()}",
                holder,
                asked,
                what: check.Question,
                reference: check.Key);

        private void NudgeRound(
            ReminderKind kind, string round, Person holder, DateTimeOffset asked, string what, string reference)
        {
            var last = asked;
            for (var n = 1; n <= _s.Settings.NudgesBeforeTellingDm; n++)
            {
                var key = $"nudge:{round}:{n}";
                if (SentAt(key) is not { } at)
                {
                    var due = CalendarOf(holder)
                        .AddBusinessHours(last, TimeSpan.FromHours(_s.Settings.NudgeAfterBusinessHours));
                    Add(kind, key, to: holder, at: due, subject: what, reference);
                    return;
                }
                last = at;
            }
            if (AskFor(Role.DeliveryManager) is { } dm)
                Add(
                    ReminderKind.NudgesExhausted,
                    key: $"nudges-exhausted:{round}",
                    to: dm,
                    at: last,
                    subject: $"{holder} has not answered after " +
                        $"{_s.Settings.NudgesBeforeTellingDm} nudges: {what}",
                    reference);
        }

        /// <summary>
        /// A revised schedule holds no gate, but the people whose acknowledgement covered the old dates are nudged
        /// like a gate's holder until they acknowledge it; a further move asks again, so the round starts over.
        /// </summary>
        public void RevisedScheduleNudges()
        {
            foreach (var role in Delivery.ScheduleAcknowledgers)
            {
                if (delivery.UnacknowledgedMove(role) is null || AskFor(role) is not { } holder) continue;
                var last = _s.MilestoneMoves.Last(m => m.NeedsAcknowledgement);
                NudgeRound(
                    ReminderKind.RevisedScheduleNudge,
                    round: $"revised-schedule:{role}:{last.Number}",
                    holder,
                    asked: last.At,
                    what: $"Acknowledge the revised schedule ({last.Milestone.Title()} moved to {Day(last.To)})",
                    reference: role.ToString());
            }
        }

        public void CheckIns()
        {
            if (!delivery.IsActive(Stage.ProductionTracking)
                || AskFor(Role.ProductionLineArchitect) is not { } pla) return;
            var asks = _s.Reminders
                .Where(r => r.Key.StartsWith("check-in:", StringComparison.Ordinal))
                .Select(r => r.SentAt);
            var last = _s.CheckIns
                .Select(c => c.At)
                .Concat(asks)
                .Append(delivery.Progress(Stage.ProductionTracking).StartedAt!.Value)
                .Max();
            var due = CalendarOf(pla).AddBusinessDays(last, _s.Settings.CheckInEveryBusinessDays);
            Add(
                ReminderKind.ProductionCheckIn,
                key: $"check-in:{Day(CalendarOf(pla).LocalDate(due))}",
                to: pla,
                at: due,
                subject: "Is production on track?");
        }

        public void StatusUpdates()
        {
            if (_s.Settings.Cadence is not { } cadence || delivery.Progress(Stage.DeliveryPlanning).StartedAt is null
                || delivery.HandoverSent is not null || AskFor(Role.DeliveryManager) is not { } dm) return;
            var calendar = delivery.Calendar;
            var slot = cadence.LatestSlotOnOrBefore(calendar.LocalDate(now));
            if (slot is { } s && calendar.ToInstant(s, cadence.Time) > now)
                slot = s.AddDays(-7 * cadence.EveryWeeks) is var earlier && earlier >= cadence.FirstSlot()
                    ? earlier
                    : null;
            if (slot is { } latest && Sent($"status-update:{Day(latest)}")) slot = cadence.NextSlotAfter(latest);
            var date = slot ?? cadence.FirstSlot();
            Add(
                ReminderKind.StatusUpdateDue,
                key: $"status-update:{Day(date)}",
                to: dm,
                at: calendar.ToInstant(date, cadence.Time),
                subject: "The client status update is due.");
        }

        /// <summary>
        /// The release's communication plan: the DM gets each drafted message at the start of its day, once (keyed by
        /// its kind, so a window moved after it went does not send it again); one already sent is not reminded of.
        /// </summary>
        public void CommunicationPlanMessages()
        {
            if (AskFor(Role.DeliveryManager) is not { } dm) return;
            foreach (var item in CommunicationPlan.Of(delivery).Where(i => i.Went is null))
                Add(
                    item.Reminder,
                    key: $"comms-plan:{item.Type}",
                    to: dm,
                    at: delivery.Calendar.StartOf(item.Due),
                    subject: $"Communication plan {item.When}, to {item.Who}: {item.Type.Title()} " +
                        $"(due {Day(item.Due)}) is drafted for you to send.",
                    reference: item.Type.ToString());
        }

        public void Escalations()
        {
            if (delivery.HolderOf(Role.Cto) is not { } cto) return;
            foreach (var m in _s.Milestones)
            {
                if (m.Target is not { } target || m.Actual is not null || m.Skipped) continue;
                var trigger = MilestoneTriggers.Of(m.Milestone);
                if (Raised(trigger)) continue;
                var limit = delivery.Calendar.AddBusinessDays(target, m.AcceptableDelayDays);
                Raise(
                    trigger,
                    cto,
                    delivery.Calendar.StartOf(delivery.Calendar.NextWorkingDay(limit)),
                    m,
                    static m => $"{m.Milestone.Title()} (target {m.Target:yyyy-MM-dd}) is late beyond the acceptable " +
                        $"{Counted.Of(m.AcceptableDelayDays, "business day")}.");
            }
            foreach (var b in _s.Blockers)
            {
                if (!b.IsOpen) continue;
                var trigger = $"blocker:{b.Id}";
                if (Raised(trigger)) continue;
                Raise(
                    trigger,
                    cto,
                    delivery.Calendar.AddBusinessDays(b.RaisedAt, _s.Settings.BlockerAcceptableDelayDays),
                    (Blocker: b, Days: _s.Settings.BlockerAcceptableDelayDays),
                    static x => $"Blocker {x.Blocker.Id} is unresolved beyond the acceptable " +
                        $"{Counted.Of(x.Days, "business day")}: {x.Blocker.Description}");
            }
            EscalationNotices();
        }

        /// <summary>
        /// Each open escalation's notice to the CTO (or whoever stands in for them) and its re-nudge each business day
        /// until acknowledged. A missed incident target on the wall clock is told at once, at any hour.
        /// </summary>
        public void EscalationNotices()
        {
            foreach (var e in _s.Escalations.Where(e => e.State == EscalationState.Open))
            {
                // Whoever holds the CTO role now (or stands in for them), not necessarily who held it when it was
                // raised.
                var recipient = AskFor(Role.Cto) ?? e.EscalatedTo;
                var notice = $"escalation:{e.Id}";
                Add(
                    ReminderKind.EscalationNotice,
                    key: notice,
                    to: recipient,
                    at: e.RaisedAt,
                    subject: e.Issue,
                    reference: e.Id,
                    anyHour: OnTheWallClock(e));
                // the keys made once, not once for every reminder ever sent (this runs behind every save)
                var nudges = $"escalation-nudge:{e.Id}:";
                var (sent, last) = (0, DateTimeOffset.MinValue);
                foreach (var r in _s.Reminders)
                    if (r.Key == notice || r.Key.StartsWith(nudges, StringComparison.Ordinal))
                        (sent, last) = (sent + 1, r.SentAt > last ? r.SentAt : last);
                if (sent == 0) continue;
                // One business day after the last reminder actually sent: after downtime, one nudge, not a burst.
                Add(
                    ReminderKind.EscalationNudge,
                    key: $"{nudges}{sent}",
                    to: recipient,
                    at: CalendarOf(recipient).AddBusinessDays(last, 1),
                    subject: $"Escalation {e.Id} awaits your acknowledgement: {e.Issue}",
                    reference: e.Id);
            }
        }

        /// <summary>
        /// Whether the escalation of this trigger was raised: it is raised once, so it is not planned again, and
        /// neither its moment nor its words are worked out again (a late delivery's are, behind every save).
        /// </summary>
        private bool Raised(string trigger)
        {
            foreach (var e in _s.Escalations)
                if (e.Trigger == trigger) return true;
            return false;
        }

        /// <summary>An escalation not yet <see cref="Raised"/>, due to be raised with the CTO.</summary>
        private void Raise(string trigger, Person cto, DateTimeOffset at, string issue, bool anyHour = false)
            => Raise(trigger, cto, at, issue, static text => text, anyHour);

        /// <summary>
        /// An escalation not yet <see cref="Raised"/>, its issue told by <paramref name="issue"/> of
        /// <paramref name="about"/> only when the plan keeps its reminders (the text of every milestone that could
        /// slip is not made on every save for the index's due time).
        /// </summary>
        private void Raise<T>(
            string trigger, Person cto, DateTimeOffset at, T about, Func<T, string> issue, bool anyHour = false)
        {
            var due = anyHour ? at : delivery.Calendar.NextWorkingMoment(at);
            Keep(ReminderKind.EscalationDue, trigger, cto, due, timesOnly ? "" : issue(about), reference: trigger);
        }

        /// <summary>The trigger of a milestone's escalation.</summary>
        private static readonly EnumKeys<Milestone> MilestoneTriggers = new("milestone:");

        /// <summary>Whether the escalation is of an incident whose severity runs on the wall clock.</summary>
        private bool OnTheWallClock(Escalation e)
            => delivery.IncidentOfTrigger(e.Trigger) is { } incident
                && delivery.TargetsOf(incident).Clock == IncidentClock.Wall;

        /// <summary>
        /// Each open incident: a missed response or resolution target escalates to the CTO once (the DM is told with
        /// it) at the moment it is missed on the severity's clock, any hour for SEV-1 and SEV-2; and its commander is
        /// reminded of the status update the severity's cadence asks for, counted from the last update or reminder.
        /// </summary>
        public void Incidents()
        {
            foreach (var i in _s.Incidents.Where(i => i.IsOpen))
            {
                var targets = delivery.TargetsOf(i);
                var anyHour = targets.Clock == IncidentClock.Wall;
                var named = $"Incident {delivery.Id}-{i.Id} ({SeverityTargets.Title(i.Severity)}, {i.Title})";
                if (delivery.HolderOf(Role.Cto) is { } cto)
                {
                    var response = Delivery.IncidentTrigger(i, "response");
                    if (i.AcknowledgedAt is null && !Raised(response))
                        Raise(response, cto, delivery.ResponseDue(i),
                            $"{named} was not acknowledged within its {targets.Response} response target.", anyHour);
                    var resolution = Delivery.IncidentTrigger(i, "resolution");
                    if (!Raised(resolution))
                        Raise(resolution, cto, delivery.ResolutionDue(i),
                            $"{named} is not resolved within its {targets.Resolution} resolution target.", anyHour);
                }
                var updates = i.Timeline.Count(e => e.Kind == IncidentEventKind.StatusUpdate);
                var asked = _s.Reminders
                    .Where(r => r.Key.StartsWith($"incident-status:{i.Id}:{updates}:", StringComparison.Ordinal))
                    .Select(r => r.SentAt)
                    .ToList();
                var last = i.Timeline.Where(e => e.Kind == IncidentEventKind.StatusUpdate).Select(e => e.At)
                    .Concat(asked)
                    .Append(i.DeclaredAt)
                    .Max();
                Add(
                    ReminderKind.IncidentStatusDue,
                    key: $"incident-status:{i.Id}:{updates}:{asked.Count + 1}",
                    to: i.Commander,
                    at: targets.StatusDue(last, delivery.Calendar),
                    subject: $"{named}: the stakeholders' status update is due (every {targets.StatusEvery}).",
                    reference: i.Id,
                    anyHour);
            }
        }

        /// <summary>
        /// The post-incident reviews: a resolved incident without one is the DM's to run (its commander's when there
        /// is no DM), asked once a business day after the resolution; and each open action item is nudged to its owner
        /// at the start of its due date on the owner's working hours, then every
        /// <see cref="DeliverySettings.NudgeAfterBusinessHours"/> business hours after the last nudge sent, until done,
        /// as the review's follow-ups are.
        /// </summary>
        public void IncidentReviews()
        {
            foreach (var i in _s.Incidents.Where(i => !i.IsOpen))
            {
                var named = $"{delivery.Id}-{i.Id}";
                if (i.Review is not { } review)
                {
                    var to = delivery.ReviewerOf(i, now);
                    Add(
                        ReminderKind.IncidentReviewDue,
                        key: $"incident-review:{i.Id}",
                        to,
                        at: CalendarOf(to).AddBusinessDays(i.Resolution!.At, 1),
                        subject: $"Incident {named} ({i.Title}) was resolved without a post-incident review: run it "
                            + $"(what went well, what could improve, action items): postmortem {named}",
                        reference: i.Id);
                    continue;
                }
                foreach (var item in review.ActionItems.Where(a => a.IsOpen))
                {
                    var id = $"{i.Id}-{item.Id}";
                    var sent = _s.Reminders
                        .Where(r => r.Key.StartsWith($"action-item:{id}:", StringComparison.Ordinal))
                        .Select(r => r.SentAt)
                        .ToList();
                    var calendar = CalendarOf(item.Owner);
                    var at = sent.Count == 0
                        ? calendar.StartOf(item.Due)
                        : calendar.AddBusinessHours(
                            sent.Max(), TimeSpan.FromHours(_s.Settings.NudgeAfterBusinessHours));
                    Add(
                        ReminderKind.ActionItemDue,
                        key: $"action-item:{id}:{sent.Count + 1}",
                        to: item.Owner,
                        at,
                        subject: $"Action item {delivery.Id}-{id} of incident {named} (due {Day(item.Due)}) is not "
                            + $"done yet: {item.Action.TrimEnd('.')}. When it is, type: done {delivery.Id}-{id} "
                            + "(a note may follow).",
                        reference: id);
                }
            }
        }

        /// <summary>
        /// The current month's error budget, in the delivery's time zone: the DM and the CTO are each told once a
        /// month when the burn rate passes 1, when half the budget is used and when all of it is, at any hour (an
        /// outage does not wait for the morning). While an outage is open its minutes count as they pass, so the
        /// moment a threshold will be crossed is planned and the scheduler wakes then.
        /// </summary>
        public void ErrorBudgetAlerts()
        {
            // no outage ever, no minute used: the month's budget is not worked out on every save and click
            if (!_s.Incidents.Exists(i => i.IsOutage)) return;
            var month = delivery.Calendar.LocalDate(now);
            var budget = delivery.ErrorBudgetOf(month, now);
            var period = delivery.MonthOf(month);
            var key = month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
            var named = $"Error budget of {delivery.Id} for "
                + month.ToString("MMMM yyyy", CultureInfo.InvariantCulture);
            var figures = string.Create(CultureInfo.InvariantCulture,
                $"({budget.Used.TotalMinutes:0.0} of {budget.Budget.TotalMinutes:0.0} min), burn rate "
                + $"{budget.BurnRate ?? 0:0.0}×");
            var growing = _s.Incidents.Exists(i => i.IsOpen && i.IsOutage);
            var recipients = new[] { ("dm", AskFor(Role.DeliveryManager)), ("cto", AskFor(Role.Cto)) }
                .Where(r => r.Item2 is not null)
                .DistinctBy(r => r.Item2!.Key)
                .ToList();
            void Tell(string what, DateTimeOffset at, string subject)
            {
                foreach (var (who, person) in recipients)
                    Add(ReminderKind.ErrorBudgetAlert, $"budget:{key}:{what}:{who}", person!, at, subject,
                        reference: key, anyHour: true);
            }
            foreach (var (share, what) in new[] { (0.5, "50"), (1.0, "100") })
            {
                var left = budget.Budget * share - budget.Used;
                if (left <= TimeSpan.Zero)
                    Tell(what, now, $"{named}: {what} % used {figures}.");
                else if (growing && now + left < period.End)
                    Tell(what, now + left, $"{named}: {what} % will be used at {delivery.Time(now + left)} if the "
                        + $"outage goes on {figures}.");
            }
            if (budget.BurnRate > 1)
                Tell("burn", now, $"{named}: burning faster than the month, "
                    + $"{Percent(budget.UsedShare)} % used {figures}.");
        }

        private static int Percent(double share) => (int)Math.Round(share * 100);

        public void ReviewStart()
        {
            if (!delivery.IsActive(Stage.ClientHandover)
                || delivery.Progress(Stage.PostDeliveryReview).StartedAt is not null
                || LifecycleTimers.ReviewStartsAt(delivery) is not { } at
                || AskFor(Role.DeliveryManager) is not { } dm) return;
            Add(
                ReminderKind.ReviewStart,
                key: "review-start",
                to: dm,
                at,
                subject: "5 business days since handover without a client acknowledgement: " +
                    "the post-delivery review starts.");
        }

        public void Delegations()
        {
            foreach (var d in _s.Delegations.Where(d => d.EndedAt is null))
                Add(
                    ReminderKind.DelegationEnded,
                    key: $"delegation-end:{d.Number}",
                    to: d.From,
                    at: delivery.Calendar.ToInstant(d.Until.AddDays(1), TimeOnly.MinValue),
                    subject: $"Your {d.Role.Title()} role is back with you; the delegation to {d.To} ended.",
                    reference: d.Number.ToString(CultureInfo.InvariantCulture));
        }

        /// <summary>
        /// Each open follow-up with a due date: the first nudge at the start of its due date (in the delivery's
        /// business calendar), then one every <see cref="DeliverySettings.NudgeAfterBusinessHours"/> business hours
        /// after the last one sent, until it is marked done.
        /// </summary>
        public void FollowUps()
        {
            if (_s.Review is not { } review) return;
            for (var i = 0; i < review.FollowUps.Count; i++)
            {
                var f = review.FollowUps[i];
                if (!f.IsOpen || f.Due is not { } due || delivery.NudgedFor(f, now) is not { } to) continue;
                var id = Delivery.FollowUpId(i);
                var sent = _s.Reminders
                    .Where(r => r.Key.StartsWith($"follow-up:{id}:", StringComparison.Ordinal))
                    .Select(r => r.SentAt)
                    .ToList();
                var at = sent.Count == 0
                    ? delivery.Calendar.StartOf(due)
                    : CalendarOf(to).AddBusinessHours(
                        sent.Max(), TimeSpan.FromHours(_s.Settings.NudgeAfterBusinessHours));
                var owner = f.OwnedBy?.IsSameAs(to) == true ? "" : $" Its owner is {f.Owner}.";
                Add(
                    ReminderKind.FollowUpDue,
                    key: $"follow-up:{id}:{sent.Count + 1}",
                    to,
                    at,
                    subject: $"Review follow-up {id} (due {Day(due)}) is not done yet: {f.Action.TrimEnd('.')}." +
                        $"{owner} When it is, type: done {delivery.Id}-{id} (a note may follow).",
                    reference: id);
            }
        }

        /// <summary>
        /// The seed's monitoring period: 24 hours on the clock after go-live, then the next working moment of the
        /// Deployment Specialist, who is asked whether the success metrics were met (once per go-live).
        /// </summary>
        public void SuccessMetrics()
        {
            if (delivery.MonitoringDueAt is not { } due || AskFor(Role.DeploymentSpecialist) is not { } ds) return;
            Add(
                ReminderKind.SuccessMetricsDue,
                key: $"success-metrics:{delivery.WentLiveAt!.Value.ToUnixTimeSeconds()}",
                to: ds,
                at: due,
                subject: $"24 hours since go-live: were the success metrics met ({_s.Rollout.SuccessMetrics})? "
                    + "Answer on the deployment card.");
        }

        private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }
}
