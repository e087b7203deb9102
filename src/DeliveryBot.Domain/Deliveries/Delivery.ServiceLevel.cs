using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Service;

namespace DeliveryBot.Domain.Deliveries;

/// <summary>The service level of the live service: the SLA dashboard's figures for a month, as of a moment.</summary>
public sealed partial class Delivery
{
    /// <summary>
    /// The month of <paramref name="month"/>, from its local midnight to the next month's, in the
    /// delivery's time zone (a DST month is an hour shorter or longer).
    /// </summary>
    public Interval MonthOf(DateOnly month)
    {
        var first = new DateOnly(month.Year, month.Month, 1);
        return new Interval(
            Calendar.ToInstant(first, TimeOnly.MinValue),
            Calendar.ToInstant(first.AddMonths(1), TimeOnly.MinValue));
    }

    /// <summary>
    /// The minutes of outage in the period up to <paramref name="now"/>, scheduled maintenance left out.
    /// </summary>
    public TimeSpan OutageWithin(Interval period, DateTimeOffset now)
        => Outages.Within(
            State.Incidents.Where(i => i.DetectedAt <= now).Select(i => i.Outage(now))
                .OfType<Interval>().Where(o => o.Start < now),
            period,
            Maintenance(now));

    /// <summary>The error budget of the month holding <paramref name="month"/>, as of <paramref name="now"/>.</summary>
    public ErrorBudget ErrorBudgetOf(DateOnly month, DateTimeOffset now)
        => ErrorBudget.Monthly(
            target: State.ServiceLevel.AvailabilityTarget,
            used: OutageWithin(MonthOf(month), now),
            month: month,
            now: now,
            zone: Calendar.Zone);

    /// <summary>The SLA dashboard of <paramref name="month"/>, as of <paramref name="now"/>.</summary>
    public ServiceLevelReport ServiceLevelIn(DateOnly month, DateTimeOffset now)
    {
        var level = State.ServiceLevel;
        var period = MonthOf(month);
        var budget = ErrorBudgetOf(month, now);
        var elapsed = (now < period.End ? now : period.End) - period.Start;
        var last = level.Readings.LastOrDefault(r => r.At <= now && r.At < period.End);
        var maintenance = Outages.Within(Maintenance(now), period);
        return new ServiceLevelReport(
            Month: new DateOnly(month.Year, month.Month, 1),
            Period: period,
            AvailabilityPercent: level.AvailabilityPercent,
            Budget: budget,
            AvailabilityAchievedPercent: elapsed > TimeSpan.Zero ? 100 * (1 - (budget.Used / elapsed)) : null,
            MaintenanceExcluded: maintenance,
            Latency: new PerformanceCheck(level.LatencyP99Ms, last?.LatencyP99Ms, last?.At),
            ErrorRate: new PerformanceCheck(level.ErrorRatePercent, last?.ErrorRatePercent, last?.At),
            Support: [.. Enum.GetValues<Incidents.Severity>().Select(s => Support(s, period, now))]);
    }

    /// <summary>
    /// Who may record a performance reading: the DM, the Deployment Specialist, an open incident's commander.
    /// </summary>
    public bool MayRecordPerformance(Person person, DateTimeOffset at)
        => Holds(person, Role.DeliveryManager, at)
            || Holds(person, Role.DeploymentSpecialist, at)
            || State.Incidents.Exists(i => i.IsOpen && MayCommand(i, person, at));

    /// <summary>The maintenance scheduled, as far as it has run by <paramref name="now"/>.</summary>
    private List<Interval> Maintenance(DateTimeOffset now)
        => [.. State.ServiceLevel.Maintenance.Where(m => m.Start < now)
            .Select(m => new Interval(m.Start, m.End < now ? m.End : now))];

    private SupportCheck Support(Incidents.Severity severity, Interval period, DateTimeOffset now)
    {
        var incidents = State.Incidents
            .Where(i => i.Severity == severity && i.DetectedAt >= period.Start && i.DetectedAt < period.End
                && i.DetectedAt <= now)
            .ToList();
        var responses = incidents.Where(i => i.AcknowledgedAt is not null)
            .Select(i => i.AcknowledgedAt!.Value - i.DetectedAt)
            .Select(t => t < TimeSpan.Zero ? TimeSpan.Zero : t)
            .ToList();
        TimeSpan? average = responses.Count == 0
            ? null
            : TimeSpan.FromTicks(responses.Sum(r => r.Ticks) / responses.Count);
        // judged on each incident's own due, on its severity's clock: the rule the acknowledgement itself states
        var missed = incidents.Exists(i => (i.AcknowledgedAt ?? now) > ResponseDue(i));
        var status = incidents.Count == 0 ? TargetStatus.NoData
            : missed ? TargetStatus.Missed
            : responses.Count == 0 ? TargetStatus.NoData
            : TargetStatus.Met;
        return new SupportCheck(severity, TargetsFor(severity).Response, average, incidents.Count, status);
    }
}
