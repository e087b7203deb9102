namespace DeliveryBot.Domain.Metrics;

/// <summary>
/// The facts of one organisation's deliveries summed per key for one month (<see cref="MetricFact"/>): what the
/// store keeps up to date as records are saved, and what <see cref="PortfolioMetrics.From"/> turns into figures.
/// </summary>
public sealed class MetricTotals
{
    public static readonly MetricTotals None = new([]);

    private readonly Dictionary<string, (long Count, long Total)> _sums;

    public MetricTotals(IEnumerable<(string Key, long Count, long Total)> sums)
    {
        _sums = new(StringComparer.Ordinal);
        foreach (var (key, count, total) in sums)
        {
            var (c, t) = _sums.GetValueOrDefault(key);
            _sums[key] = (c + count, t + total);
        }
    }

    /// <summary>The sums of <paramref name="facts"/> in <paramref name="month"/> (its first day).</summary>
    public static MetricTotals Of(IEnumerable<MetricFact> facts, DateOnly month)
        => new(facts.Where(f => f.Month == month).Select(f => (f.Key, f.Count, f.Total)));

    /// <summary>Every key with its sums, in key order.</summary>
    public IEnumerable<(string Key, long Count, long Total)> All
        => _sums.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => (s.Key, s.Value.Count, s.Value.Total));

    public int Count(string key) => (int)_sums.GetValueOrDefault(key).Count;

    public long Total(string key) => _sums.GetValueOrDefault(key).Total;

    /// <summary>The mean of a key's totals over its count; null with nothing counted.</summary>
    public double? Mean(string key) => Count(key) is var n and > 0 ? (double)Total(key) / n : null;

    /// <summary>The mean of a key's totals in seconds, as a span; null with nothing counted.</summary>
    public TimeSpan? MeanSpan(string key)
        => Mean(key) is { } seconds ? TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond)) : null;
}
