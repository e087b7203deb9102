using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Domain.Metrics;

/// <summary>
/// What one delivery's record adds to its organisation's metrics, month by month (<see cref="MetricFact"/>): the one
/// place that decides which event counts in which month. <see cref="PortfolioMetrics.Of"/> sums them over records;
/// the store keeps the same sums as each record is saved, so the organisation's figures are read without a scan.
/// An instant counts in the month it falls in on the delivery's own calendar, a date of the record in its month.
/// </summary>
public static class MetricFacts
{
    /// <summary>The month of a fact that belongs to no month yet: an outage still under way.</summary>
    public static readonly DateOnly Open = DateOnly.MinValue;

    /// <summary>The record's facts, one per month and key, by month and then key (ordinal).</summary>
    public static IReadOnlyList<MetricFact> Of(Delivery delivery)
    {
        var facts = new Facts(delivery);
        var s = delivery.State;
        if (delivery.ActualDeliveryDate is { } handed)
        {
            facts.Add(handed, MetricKeys.HandedOver, total: LeadTime.Of(delivery, s.IntakeDate, handed).Days);
            // on time against the date agreed with the client, not the plan's target (which may have moved)
            if (s.AgreedDeliveryDate is { } agreed && handed <= agreed) facts.Add(handed, MetricKeys.OnTime);
        }
        foreach (var m in s.Milestones)
            if (m.Actual is { } reached && MilestoneSlip.Of(delivery, m, reached) is { } slip)
                facts.Add(reached, MetricKeys.Slip, total: slip.BusinessDays);
        if (s.QaAttempts.FirstOrDefault() is { Verdict: { } verdict, DecidedAt: { } decided })
            facts.Add(decided, MetricKeys.QaFirstVerdict, total: verdict == QaVerdict.Pass ? 1 : 0);
        foreach (var check in StageCatalog.AllChecks) // a loop: every save asks, for each of the ~30 checks
            if (GateAnswer.Of(delivery, check) is { } answer)
            {
                facts.Add(answer.AnsweredAt, MetricKeys.Answer(answer.Role), total: Seconds(answer.Took));
                facts.Add(answer.AnsweredAt, MetricKeys.Nudges(answer.Role), total: answer.Nudges);
            }
        foreach (var e in s.Escalations)
        {
            facts.Add(e.RaisedAt, MetricKeys.EscalationRaised);
            if (e.ResolvedAt is { } resolved)
                facts.Add(resolved, MetricKeys.EscalationResolved, total: Seconds(resolved - e.RaisedAt));
        }
        Deployments(delivery, facts);
        Incidents(delivery, facts);
        return facts.All;
    }

    /// <summary>
    /// A deployment is a go-live or an attempt that failed before one; a go-live rolled back afterwards failed too.
    /// </summary>
    private static void Deployments(Delivery delivery, Facts facts)
    {
        var rollbacks = delivery.State.Rollout.Rollbacks;
        if (delivery.WentLiveAt is { } live)
        {
            facts.Add(live, MetricKeys.GoLive);
            if (delivery.Progress(Stage.ProductionTracking).StartedAt is { } started)
                facts.Add(live, MetricKeys.LeadTime, total: Seconds(live - started));
            if (rollbacks.Any(r => r.AfterGoLive)) facts.Add(live, MetricKeys.RolledBack);
        }
        // the failed deployments: the blockers a failure or a rollback raised
        foreach (var b in delivery.State.Blockers
            .Where(b => b.Description.StartsWith(RecordDeploymentFailure.Prefix, StringComparison.Ordinal)))
            if (!rollbacks.Any(r => r.BlockerId == b.Id && r.AfterGoLive))
                facts.Add(b.RaisedAt, MetricKeys.FailedDeployment);
    }

    private static void Incidents(Delivery delivery, Facts facts)
    {
        foreach (var i in delivery.State.Incidents)
        {
            facts.Add(i.DetectedAt, MetricKeys.Incident(i.Severity));
            facts.Add(i.DetectedAt, MetricKeys.Detected, total: Seconds(i.DetectedAt - i.ImpactStart));
            if (i.AcknowledgedAt is { } acknowledged)
                facts.Add(i.DetectedAt, MetricKeys.Acknowledged, total: Seconds(acknowledged - i.DetectedAt));
            if (i.Resolution is { } resolution)
                facts.Add(i.DetectedAt, MetricKeys.Recovered, total: Seconds(resolution.RestoredAt - i.DetectedAt));
        }
        Outages(delivery, facts);
    }

    /// <summary>
    /// The service's outages: while one is under way the record is read for its availability (it grows by the minute);
    /// otherwise, in every month an outage overlaps, the minutes it used (maintenance left out) and the month's bounds
    /// on the delivery's calendar, from which its availability as of any moment follows without the record.
    /// </summary>
    private static void Outages(Delivery delivery, Facts facts)
    {
        var outages = delivery.State.Incidents.Where(i => i.IsOutage).ToList();
        if (outages.Count == 0) return;
        if (outages.Exists(i => i.IsOpen))
        {
            facts.Set(Open, MetricKeys.Outage, 0);
            return;
        }
        var restored = outages.Max(i => i.Resolution!.RestoredAt);
        var months = outages.SelectMany(i => MonthsBetween(
                delivery.Calendar.LocalDate(i.ImpactStart), delivery.Calendar.LocalDate(i.Resolution!.RestoredAt)))
            .Distinct();
        foreach (var month in months)
        {
            var bounds = delivery.MonthOf(month);
            facts.Set(month, MetricKeys.Outage, Seconds(delivery.OutageWithin(bounds, restored)));
            facts.Set(month, MetricKeys.OutageMonthStart, bounds.Start.ToUnixTimeSeconds());
            facts.Set(month, MetricKeys.OutageMonthSeconds, Seconds(bounds.End - bounds.Start));
        }
    }

    private static IEnumerable<DateOnly> MonthsBetween(DateOnly first, DateOnly last)
    {
        for (var month = MonthOf(first); month <= last; month = month.AddMonths(1)) yield return month;
    }

    /// <summary>
    /// What changes in the organisation's sums when a record's facts go from <paramref name="before"/> to
    /// <paramref name="after"/> (each in <see cref="MetricFact.Order"/>, as <see cref="Of"/> lists them): per month and
    /// key, the difference of count and total, in the same order; none where nothing moved.
    /// </summary>
    public static IReadOnlyList<MetricFact> Changes(IReadOnlyList<MetricFact> before, IReadOnlyList<MetricFact> after)
    {
        var moves = Moves(before, after);
        var changes = new MetricFact[moves.Count];
        for (var i = 0; i < changes.Length; i++) changes[i] = moves[i].Difference;
        return changes;
    }

    /// <summary>
    /// Each fact that moved from <paramref name="before"/> to <paramref name="after"/> (both in
    /// <see cref="MetricFact.Order"/>), in that order, found by one walk of the two: the difference it makes to the
    /// sums and the fact as it now stands, so the store moves the sums and rewrites only the rows that changed.
    /// </summary>
    public static IReadOnlyList<MetricFactMove> Moves(IReadOnlyList<MetricFact> before, IReadOnlyList<MetricFact> after)
    {
        var moves = new List<MetricFactMove>();
        for (int i = 0, j = 0; i < before.Count || j < after.Count;)
        {
            var order = i == before.Count ? 1 : j == after.Count ? -1 : MetricFact.Order.Compare(before[i], after[j]);
            if (order < 0)
            {
                var gone = before[i++];
                Move(gone, -gone.Count, -gone.Total, now: null);
            }
            else if (order > 0)
            {
                var added = after[j++];
                Move(added, added.Count, added.Total, added);
            }
            else
            {
                var (was, now) = (before[i++], after[j++]);
                Move(now, now.Count - was.Count, now.Total - was.Total, now);
            }
        }
        return moves;

        void Move(MetricFact fact, long count, long total, MetricFact? now)
        {
            if (count != 0 || total != 0) moves.Add(new(fact with { Count = count, Total = total }, now));
        }
    }

    /// <summary>Whole seconds of a span, never negative (a clock set back is no time at all).</summary>
    private static long Seconds(TimeSpan span) => span <= TimeSpan.Zero ? 0 : (long)span.TotalSeconds;

    internal static DateOnly MonthOf(DateOnly day) => new(day.Year, day.Month, 1);

    /// <summary>
    /// The facts of one record, summed per month and key as they are added, kept in <see cref="MetricFact.Order"/>: a
    /// record has a dozen or so, so a sorted list does what a dictionary and a sort did, without either.
    /// </summary>
    private sealed class Facts(Delivery delivery)
    {
        /// <summary>Room for a record's usual dozen or so facts at once: it grew three times on every save.</summary>
        private readonly List<MetricFact> _all = new(16);

        /// <summary>The list itself, not a copy: the facts are done with once <see cref="Of"/> returns them.</summary>
        public IReadOnlyList<MetricFact> All => _all;

        public void Add(DateTimeOffset at, string key, long total = 0)
            => Add(delivery.Calendar.LocalDate(at), key, total);

        public void Add(DateOnly day, string key, long total = 0)
        {
            var month = MonthOf(day);
            var i = IndexOf(month, key);
            if (i < 0) _all.Insert(~i, new MetricFact(month, key, 1, total));
            else _all[i] = _all[i] with { Count = _all[i].Count + 1, Total = _all[i].Total + total };
        }

        /// <summary>Sets a fact of the delivery's month that is not a sum of events (once).</summary>
        public void Set(DateOnly month, string key, long total)
        {
            var i = IndexOf(month, key);
            if (i < 0) _all.Insert(~i, new MetricFact(month, key, 1, total));
            else _all[i] = new MetricFact(month, key, 1, total);
        }

        private int IndexOf(DateOnly month, string key)
            => _all.BinarySearch(new MetricFact(month, key, 0, 0), MetricFact.Order);
    }
}
