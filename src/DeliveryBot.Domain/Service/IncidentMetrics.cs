using DeliveryBot.Domain.Incidents;
using DeliveryBot.Domain.Metrics;

namespace DeliveryBot.Domain.Service;

/// <summary>
/// The seed's incident summary for a month (the delivery dashboard's "Total 5, SEV-1 0, SEV-2 2 … MTTR 45 min, MTTD
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
    /// <summary>The summary from a month's sums of incident facts (<see cref="MetricFacts"/>).</summary>
    public static IncidentMetrics From(MetricTotals totals)
    {
        var bySeverity = Enum.GetValues<Severity>().ToDictionary(s => s, s => totals.Count(MetricKeys.Incident(s)));
        return new IncidentMetrics(
            Total: bySeverity.Values.Sum(),
            BySeverity: bySeverity,
            MeanTimeToRecover: totals.MeanSpan(MetricKeys.Recovered),
            MeanTimeToDetect: totals.MeanSpan(MetricKeys.Detected),
            MeanTimeToAcknowledge: totals.MeanSpan(MetricKeys.Acknowledged));
    }
}
