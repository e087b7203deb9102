using DeliveryBot.Domain.Incidents;

namespace DeliveryBot.Domain.Service;

/// <summary>
/// The seed's SLA dashboard for one month of the live service: availability against its target, with the error
/// budget; each performance target against the last reading; per severity, the response target against the average
/// response of the month's incidents.
/// </summary>
public sealed record ServiceLevelReport(
    DateOnly Month,
    Interval Period,
    decimal AvailabilityPercent,
    ErrorBudget Budget,
    double? AvailabilityAchievedPercent,
    TimeSpan MaintenanceExcluded,
    PerformanceCheck Latency,
    PerformanceCheck ErrorRate,
    IReadOnlyList<SupportCheck> Support)
{
    /// <summary>
    /// The month's promise holds while the outage minutes stay within the budget: an early outage lowers the
    /// availability achieved so far below the target, yet the month can still end within it.
    /// </summary>
    public TargetStatus Availability => Budget.Used <= Budget.Budget ? TargetStatus.Met : TargetStatus.Missed;
}

/// <summary>Where a target stands: met, missed, or nothing to judge it by yet.</summary>
public enum TargetStatus { Met, Missed, NoData }

/// <summary>A performance target ("below") against the last reading taken by then, if any.</summary>
public sealed record PerformanceCheck(decimal Target, decimal? Actual, DateTimeOffset? ReadAt)
{
    public TargetStatus Status => Actual is not { } actual ? TargetStatus.NoData
        : actual < Target ? TargetStatus.Met : TargetStatus.Missed;
}

/// <summary>
/// One severity's response in the month: the target, the average time from detection to acknowledgement of its
/// incidents acknowledged, and whether every incident was acknowledged within the target on the severity's clock (an
/// unacknowledged one past its due counts as missed). No incidents: nothing to judge.
/// </summary>
public sealed record SupportCheck(
    Severity Severity, TargetSpan Response, TimeSpan? AverageResponse, int Incidents, TargetStatus Status);
