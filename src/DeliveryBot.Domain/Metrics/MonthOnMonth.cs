using DeliveryBot.Domain.People;

namespace DeliveryBot.Domain.Metrics;

/// <summary>Whether a figure moved the good way since the previous period.</summary>
public enum Trend { Better, Worse, Same, NoData }

/// <summary>
/// A figure this period against the previous one: the change in its unit (<see cref="Change"/>, e.g. −0.01 for a
/// failure rate one point lower), the change relative to the previous figure (+0.2 for 20 % more go-lives; null from
/// zero; over the previous figure's size, so a slip of -1 day after -0.5 is -100 %), and whether that is better or
/// worse for this metric.
/// </summary>
public sealed record MetricChange(
    Metric Metric, Role? Role, double? Current, double? Previous, double? Change, double? RelativeChange, Trend Trend);

/// <summary>Month on month: each figure of this period compared with the same figure of the previous one.</summary>
public static class MonthOnMonth
{
    public static IReadOnlyList<MetricChange> Of(PortfolioMetrics current, PortfolioMetrics previous)
    {
        var before = previous.Figures;
        return [.. current.Figures.Select(f => Compare(
            f, before.FirstOrDefault(b => b.Metric == f.Metric && b.Role == f.Role)?.Value))];
    }

    private static MetricChange Compare(MetricFigure figure, double? previous)
    {
        if (figure.Value is not { } now || previous is not { } then)
            return new(figure.Metric, figure.Role, figure.Value, previous, null, null, Trend.NoData);
        var change = now - then;
        var trend = change == 0 ? Trend.Same
            : change > 0 == MetricFigure.HigherIsBetter(figure.Metric) ? Trend.Better : Trend.Worse;
        var relative = then == 0 ? (double?)null : change / Math.Abs(then);
        return new(figure.Metric, figure.Role, now, then, change, relative, trend);
    }
}
