using DeliveryBot.Domain.Calendar;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Metrics;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using DeliveryBot.Domain.Service;

namespace DeliveryBot.Domain.Digest;

/// <summary>
/// Why a person reads the digest, which decides what they see: the CTO every delivery where they hold the CTO role,
/// a Delivery Manager (who opted in) the deliveries they run.
/// </summary>
public enum DigestRole { Cto, DeliveryManager }

/// <summary>A person who reads the weekly digest of their organisation, and as what.</summary>
public sealed record DigestReader(Person Person, DigestRole Role)
{
    /// <summary>Whether the reader sees <paramref name="delivery"/> in their digest.</summary>
    public bool Sees(Delivery delivery)
        => delivery.HoldersOf(Role == DigestRole.Cto ? People.Role.Cto : People.Role.DeliveryManager)
            .Any(p => p.IsSameAs(Person));
}

/// <summary>A milestone past its target and not reached; <see cref="MilestoneView.Status"/> says whether it is
/// beyond the delay the record marks acceptable.</summary>
public sealed record LateMilestone(string DeliveryId, string Client, MilestoneView View)
{
    public bool BeyondAcceptableDelay => View.Status == MilestoneStatus.BeyondAcceptableDelay;
}

/// <summary>An escalation not resolved yet, and how long it has been open.</summary>
public sealed record OpenEscalation(string DeliveryId, string Client, Escalation Escalation, TimeSpan Age);

/// <summary>A milestone not reached whose target falls in the digest's week.</summary>
public sealed record MilestoneDue(string DeliveryId, string Client, Milestone Milestone, DateOnly Target);

/// <summary>What a reader's weekly digest says, as of the moment it was drawn up.</summary>
public sealed record WeeklyDigest(
    DigestReader Reader,
    string Week,
    DateOnly Monday,
    int Deliveries,
    IReadOnlyList<LateMilestone> Late,
    IReadOnlyList<OpenEscalation> Escalations,
    IReadOnlyList<MilestoneDue> DueThisWeek,
    IReadOnlyList<SlaBurnAlert> SlaAlerts,
    PortfolioMetrics Metrics,
    IReadOnlyList<MetricChange> MonthOnMonth)
{
    /// <summary>
    /// The digest of <paramref name="reader"/> for the week <paramref name="now"/> falls in on their
    /// <paramref name="calendar"/>, from <paramref name="organisation"/>'s deliveries (one organisation's: the ones the
    /// reader sees are picked here). Late milestones, escalations and the week's milestones come from open deliveries;
    /// the month's <paramref name="metrics"/> (the organisation's, this month so far) come with last month's
    /// (<paramref name="before"/>).
    /// </summary>
    public static WeeklyDigest Of(
        DigestReader reader, IEnumerable<Delivery> organisation, BusinessCalendar calendar, DateTimeOffset now,
        PortfolioMetrics metrics, PortfolioMetrics before)
    {
        var all = organisation.ToList();
        // Every organisation is a stranger to every other: a digest lists one organisation's deliveries.
        if (all.Select(d => d.State.TenantId).Distinct(StringComparer.Ordinal).Count() > 1)
            throw new ArgumentException("A digest lists one organisation's deliveries.", nameof(organisation));
        var seen = all.Where(reader.Sees).OrderBy(d => d.Id.Length).ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToList();
        var open = seen.Where(d => !d.IsClosed).ToList();
        var monday = DigestSchedule.WeekStart(calendar, now);
        var sunday = monday.AddDays(6);
        var week = new Interval(calendar.ToInstant(monday, TimeOnly.MinValue),
            calendar.ToInstant(sunday.AddDays(1), TimeOnly.MinValue));

        var late = open.SelectMany(d => d.MilestoneViews(now).Where(v => v.IsLate)
                .Select(v => new LateMilestone(d.Id, d.State.Client, v)))
            .OrderByDescending(l => l.BeyondAcceptableDelay).ThenByDescending(l => l.View.BusinessDaysLate)
            .ToList();
        var escalations = open.SelectMany(d => d.State.Escalations.Where(e => !e.IsResolved)
                .Select(e => new OpenEscalation(d.Id, d.State.Client, e, now - e.RaisedAt)))
            .OrderByDescending(e => e.Age)
            .ToList();
        var due = open.SelectMany(d => d.State.Milestones
                .Where(m => m is { Actual: null, Skipped: false, Target: { } t } && t >= monday && t <= sunday)
                .Select(m => new MilestoneDue(d.Id, d.State.Client, m.Milestone, m.Target!.Value)))
            .OrderBy(m => m.Target).ThenBy(m => m.Milestone)
            .ToList();
        var alerts = seen.SelectMany(d => SlaBurnAlert.SentIn(d, week)).OrderBy(a => a.SentAt).ToList();

        return new WeeklyDigest(reader, DigestSchedule.Week(calendar, now), monday, open.Count, late, escalations,
            due, alerts, metrics, global::DeliveryBot.Domain.Metrics.MonthOnMonth.Of(metrics, before));
    }
}
