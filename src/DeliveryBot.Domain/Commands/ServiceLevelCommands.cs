using System.Globalization;
using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Domain.Commands;

/// <summary>
/// The DM sets the service level agreed for the live service: the availability target in percent (e.g. 99.9) and the
/// performance targets (p99 latency below so many milliseconds, error rate below so many percent). Also after closing:
/// the service outlives the delivery.
/// </summary>
public sealed record SetServiceLevel(decimal AvailabilityPercent, int LatencyP99Ms, decimal ErrorRatePercent)
    : DeliveryCommand
{
    public override string Action => "set-service-level";

    internal override bool AllowedWhenClosed => true;

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(meta, Role.DeliveryManager);
        // 100 % leaves no error budget at all, and below 90 % is not a service level anyone agrees to
        if (AvailabilityPercent is < 90m or >= 100m)
            throw new RuleViolation("The availability target is a percentage from 90 to below 100, e.g. 99.9.");
        ServiceLevelCommand.CheckLatency(LatencyP99Ms, "The latency p99 target");
        ServiceLevelCommand.CheckErrorRate(ErrorRatePercent, "The error rate target");
        // "below 0 %" could never be met
        if (ErrorRatePercent == 0m) throw new RuleViolation("The error rate target is above 0 %, e.g. 0.1.");
        var now = delivery.State.ServiceLevel;
        if (now.AvailabilityPercent == AvailabilityPercent && now.LatencyP99Ms == LatencyP99Ms
            && now.ErrorRatePercent == ErrorRatePercent)
            throw new RuleViolation($"The service level of {delivery.Id} is already {Describe(now)}.");
        var set = now with
        {
            AvailabilityPercent = AvailabilityPercent,
            LatencyP99Ms = LatencyP99Ms,
            ErrorRatePercent = ErrorRatePercent,
        };
        delivery.Change(s => s with { ServiceLevel = set });
        return $"Service level of {delivery.Id} set by {meta.Actor}: {Describe(set)}.";
    }

    internal static string Describe(ServiceLevel level)
        => string.Create(CultureInfo.InvariantCulture,
            $"availability {level.AvailabilityPercent} %, latency p99 < {level.LatencyP99Ms} ms, "
            + $"error rate < {level.ErrorRatePercent} %");
}

/// <summary>
/// A performance reading of the live service (p99 latency in milliseconds, error rate in percent), by the DM, the
/// Deployment Specialist, or whoever commands an open incident; the last one is the dashboard's actual.
/// </summary>
public sealed record RecordPerformance(int LatencyP99Ms, decimal ErrorRatePercent) : DeliveryCommand
{
    public override string Action => "record-performance";

    internal override bool AllowedWhenClosed => true;

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        if (!delivery.MayRecordPerformance(meta.Actor, meta.At))
            throw new NotPermitted("Only the DM, the Deployment Specialist or the commander of an open incident can "
                + "record the service's performance.");
        if (!delivery.InService)
            throw new RuleViolation("The service's performance is recorded once the delivery is live (deployment "
                + "succeeded).");
        ServiceLevelCommand.CheckLatency(LatencyP99Ms, "The latency p99");
        ServiceLevelCommand.CheckErrorRate(ErrorRatePercent, "The error rate");
        var reading = new PerformanceReading(meta.At, meta.Actor, LatencyP99Ms, ErrorRatePercent);
        delivery.Change(s => s with
        {
            ServiceLevel = s.ServiceLevel with { Readings = s.ServiceLevel.Readings.Add(reading) },
        });
        var level = delivery.State.ServiceLevel;
        return string.Create(CultureInfo.InvariantCulture,
            $"Performance of {delivery.Id} recorded by {meta.Actor}: latency p99 {LatencyP99Ms} ms "
            + $"({(LatencyP99Ms < level.LatencyP99Ms ? "met" : "missed")}, target < {level.LatencyP99Ms} ms), "
            + $"error rate {ErrorRatePercent} % "
            + $"({(ErrorRatePercent < level.ErrorRatePercent ? "met" : "missed")}, target < "
            + $"{level.ErrorRatePercent} %).");
    }
}

/// <summary>
/// Scheduled maintenance of the live service, by the DM or the Deployment Specialist, from a local date and time to
/// another in the delivery's time zone (a card's form gives them so), with the reason: outage minutes within it do not
/// count against the error budget.
/// </summary>
public sealed record ScheduleMaintenance(
    (DateOnly Date, TimeOnly Time) Start, (DateOnly Date, TimeOnly Time) End, string Reason)
    : DeliveryCommand
{
    /// <summary>Longer than this is not maintenance but an outage called so.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromDays(2);

    public override string Action => "schedule-maintenance";

    internal override bool AllowedWhenClosed => true;

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(meta, Role.DeliveryManager, Role.DeploymentSpecialist);
        var start = delivery.Calendar.ToInstant(Start.Date, Start.Time);
        var end = delivery.Calendar.ToInstant(End.Date, End.Time);
        if (end <= start) throw new RuleViolation("The maintenance must end after it starts.");
        if (end - start > Longest)
            throw new RuleViolation($"Maintenance is at most {Longest.TotalHours:0} hours; a longer stop counts as "
                + "downtime.");
        var reason = UserText.Required(Reason, "The reason for the maintenance");
        var window = new MaintenanceWindow(start, end, reason, meta.Actor);
        delivery.Change(s => s with
        {
            ServiceLevel = s.ServiceLevel with { Maintenance = s.ServiceLevel.Maintenance.Add(window) },
        });
        return $"Maintenance of {delivery.Id} scheduled by {meta.Actor} from {delivery.Time(start)} to "
            + $"{delivery.Time(end)}: {reason}. Outage minutes within it do not count against the error budget.";
    }
}

internal static class ServiceLevelCommand
{
    /// <summary>A minute is the longest p99 latency that still means the service answers.</summary>
    public const int LongestLatencyMs = 60_000;

    public static void CheckLatency(int ms, string what)
    {
        if (ms is <= 0 or > LongestLatencyMs)
            throw new RuleViolation($"{what} is a whole number of milliseconds from 1 to {LongestLatencyMs}.");
    }

    public static void CheckErrorRate(decimal percent, string what)
    {
        if (percent is < 0m or > 100m)
            throw new RuleViolation($"{what} is a percentage from 0 to 100, e.g. 0.05.");
    }
}
