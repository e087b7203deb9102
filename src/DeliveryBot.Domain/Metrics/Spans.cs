namespace DeliveryBot.Domain.Metrics;

/// <summary>Means over spans and numbers: a mean over nothing is null, not zero (no data is no good figure).</summary>
internal static class Spans
{
    public static TimeSpan AtLeastZero(TimeSpan span) => span < TimeSpan.Zero ? TimeSpan.Zero : span;

    public static TimeSpan? Mean(IEnumerable<TimeSpan> spans)
    {
        var all = spans.ToList();
        return all.Count == 0 ? null : TimeSpan.FromTicks(all.Sum(s => s.Ticks) / all.Count);
    }

    public static double? Mean(IEnumerable<double> values)
    {
        var all = values.ToList();
        return all.Count == 0 ? null : all.Average();
    }

    /// <summary>The share of <paramref name="hits"/> in <paramref name="of"/>; null with nothing to count.</summary>
    public static double? Rate(int hits, int of) => of == 0 ? null : (double)hits / of;
}
