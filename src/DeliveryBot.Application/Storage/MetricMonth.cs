using DeliveryBot.Domain.Metrics;

namespace DeliveryBot.Application.Storage;

/// <summary>
/// What the store keeps of one organisation's month for the metrics: the sums of its facts, how many services had gone
/// live by the month's end, and the deliveries whose service had an outage in it (or one still under way), whose
/// availability is worked out from their records; every other live service was up all month.
/// </summary>
public sealed record MetricMonth(MetricTotals Totals, int LiveServices, IReadOnlyList<string> WithOutages);
