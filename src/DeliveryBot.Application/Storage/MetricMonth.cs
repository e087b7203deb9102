using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Metrics;

namespace DeliveryBot.Application.Storage;

/// <summary>
/// What the store keeps of one organisation's month for the metrics: the sums of its facts, how many services had gone
/// live by the month's end, the resolved outages of the services that had one in it, and the records of those with
/// an outage still under way (at most <see cref="MostOutagesRead"/>), whose availability is worked out from them; every
/// other live service was up all month.
/// </summary>
public sealed record MetricMonth(
    MetricTotals Totals,
    int LiveServices,
    IReadOnlyList<ServiceOutages> Outages,
    IReadOnlyList<Delivery> OutageUnderWay)
{
    /// <summary>Services with an outage under way read at most; the rest count as up all month.</summary>
    public const int MostOutagesRead = 200;
}

/// <summary>One service's resolved outages in a month: the seconds used, the month's bounds on its calendar.</summary>
public sealed record ServiceOutages(
    string DeliveryKey, long UsedSeconds, long MonthStartUnixSeconds, long MonthSeconds);
