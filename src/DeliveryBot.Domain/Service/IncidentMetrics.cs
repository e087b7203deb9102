using DeliveryBot.Domain.Incidents;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Domain.Service;

/// <summary>
/// The seed's incident summary for a period (the delivery dashboard's "Total 5, SEV-1 0, SEV-2 2 … MTTR 45 min, MTTD
/// 5 min"): the incidents detected in it, counted by severity; the mean time to recovery (detection to service
/// restored, of those resolved), to detect (impact start to detection) and to acknowledge (detection to the
/// commander's acknowledgement). A mean over nothing is null, not zero: no incident is not a fast recovery.
/// </summary>
public sealed record IncidentMetrics(
    int Total,
    IReadOnlyDictionary<Severity, int> BySeverity,
    TimeSpan? MeanTimeToRecover,
    TimeSpan? MeanTimeToDetect,
    TimeSpan? MeanTimeToAcknowledge)
{
    public static IncidentMetrics Of(IEnumerable<Incident> incidents, Interval period)
    {
        var within = incidents.Where(i => i.DetectedAt >= period.Start && i.DetectedAt < period.End).ToList();
        return new IncidentMetrics(
            Total: within.Count,
            BySeverity: Enum.GetValues<Severity>().ToDictionary(s => s, s => within.Count(i => i.Severity == s)),
            MeanTimeToRecover: Mean(within.Where(i => i.Resolution is not null)
                .Select(i => i.Resolution!.RestoredAt - i.DetectedAt)),
            MeanTimeToDetect: Mean(within.Select(i => i.DetectedAt - i.ImpactStart)),
            MeanTimeToAcknowledge: Mean(within.Where(i => i.AcknowledgedAt is not null)
                .Select(i => i.AcknowledgedAt!.Value - i.DetectedAt)));
    }

    private static TimeSpan? Mean(IEnumerable<TimeSpan> spans)
    {
        var all = spans.Select(s => s < TimeSpan.Zero ? TimeSpan.Zero : s).ToList();
        return all.Count == 0 ? null : TimeSpan.FromTicks(all.Sum(s => s.Ticks) / all.Count);
    }
}
