using System.Collections.Immutable;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Service;

namespace DeliveryBot.Domain.Record;

/// <summary>
/// The service level agreed for the service the delivery put live, as the seed's SLA dashboard has it: the
/// availability target (99.9 % unless set), the performance targets (latency p99 under 500 ms, error rate under
/// 0.1 %, the seed's success metrics), the performance readings recorded, and the scheduled maintenance windows,
/// whose minutes do not count against the error budget.
/// </summary>
public sealed record ServiceLevel
{
    public const decimal DefaultAvailabilityPercent = 99.9m;
    public const int DefaultLatencyP99Ms = 500;
    public const decimal DefaultErrorRatePercent = 0.1m;

    /// <summary>The availability target in percent, e.g. 99.9.</summary>
    public decimal AvailabilityPercent { get; init; } = DefaultAvailabilityPercent;

    /// <summary>The p99 latency stays below this many milliseconds.</summary>
    public int LatencyP99Ms { get; init; } = DefaultLatencyP99Ms;

    /// <summary>The error rate stays below this percentage of requests.</summary>
    public decimal ErrorRatePercent { get; init; } = DefaultErrorRatePercent;

    /// <summary>The readings in the order recorded; the last one is the actual the dashboard shows.</summary>
    public ImmutableList<PerformanceReading> Readings { get; init; } = [];

    public ImmutableList<MaintenanceWindow> Maintenance { get; init; } = [];

    /// <summary>The availability target as a share, e.g. 0.999.</summary>
    public decimal AvailabilityTarget => AvailabilityPercent / 100m;
}

/// <summary>
/// A performance reading: when, by whom, the p99 latency in milliseconds and the error rate in percent.
/// </summary>
public sealed record PerformanceReading(DateTimeOffset At, Person By, int LatencyP99Ms, decimal ErrorRatePercent);

/// <summary>Scheduled maintenance: its minutes are not outage minutes.</summary>
public sealed record MaintenanceWindow(DateTimeOffset Start, DateTimeOffset End, string Reason, Person By)
{
    public Interval Interval => new(Start, End);
}
