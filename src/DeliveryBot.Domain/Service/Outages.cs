namespace DeliveryBot.Domain.Service;

/// <summary>A stretch of time, start inclusive, end exclusive.</summary>
public readonly record struct Interval(DateTimeOffset Start, DateTimeOffset End)
{
    public TimeSpan Length => End > Start ? End - Start : TimeSpan.Zero;
}

/// <summary>
/// Outage minutes in a period: the outages (from incidents marked as outages) clipped to the period, overlapping ones
/// counted once, and scheduled maintenance taken out, as the seed's budget consumption excludes it.
/// </summary>
public static class Outages
{
    public static TimeSpan Within(
        IEnumerable<Interval> outages, Interval period, IEnumerable<Interval>? maintenance = null)
    {
        var merged = Merge(outages.Select(o => Clip(o, period)).Where(o => o.Length > TimeSpan.Zero));
        var excluded = Merge((maintenance ?? []).Select(m => Clip(m, period)).Where(m => m.Length > TimeSpan.Zero));
        var total = TimeSpan.Zero;
        foreach (var o in merged)
            total += o.Length - excluded.Aggregate(TimeSpan.Zero, (sum, m) => sum + Clip(m, o).Length);
        return total;
    }

    private static Interval Clip(Interval i, Interval to)
        => new(i.Start > to.Start ? i.Start : to.Start, i.End < to.End ? i.End : to.End);

    /// <summary>Sorted, with overlapping or touching intervals joined.</summary>
    private static List<Interval> Merge(IEnumerable<Interval> intervals)
    {
        var merged = new List<Interval>();
        foreach (var i in intervals.OrderBy(i => i.Start))
            if (merged.Count > 0 && i.Start <= merged[^1].End)
                merged[^1] = merged[^1] with { End = i.End > merged[^1].End ? i.End : merged[^1].End };
            else merged.Add(i);
        return merged;
    }
}
