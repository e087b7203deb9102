using System.Globalization;
using System.Text;
using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Digest;
using DeliveryBot.Domain.Metrics;
using DeliveryBot.Domain.Milestones;

namespace DeliveryBot.Domain.Rendering;

/// <summary>
/// The weekly digest as a chat message: what needs the reader this week first (late milestones, open escalations,
/// milestones due, SLA burn alerts), then the month's figures against last month. Each list is cut at
/// <see cref="Shown"/> items with a count of the rest, so a large portfolio still fits one message.
/// </summary>
public static class DigestMarkdown
{
    /// <summary>Items listed at most per section.</summary>
    public const int Shown = 10;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Of(WeeklyDigest digest)
    {
        var text = new StringBuilder();
        var whose = digest.Reader.Role == DigestRole.Cto ? "where you are CTO" : "you run";
        text.Append(Invariant, $"**Weekly digest, week of {Day(digest.Monday)}** ({digest.Week}): ")
            .Append(Invariant, $"{Counted.Of(digest.Deliveries, "open delivery", "open deliveries")} {whose}.")
            .Append("\n\n");

        Section(text, "Late milestones", digest.Late, "None: every milestone is on time.", l =>
            $"{Ref(l.DeliveryId, l.Client)}: {l.View.Entry.Milestone.Title()}, due {Day(l.View.Entry.Target!.Value)}, "
            + $"{Counted.Of(l.View.BusinessDaysLate, "business day")} late"
            + (l.BeyondAcceptableDelay
                ? $" ⚠ beyond the acceptable {l.View.Entry.AcceptableDelayDays}"
                : $" (within the acceptable {l.View.Entry.AcceptableDelayDays})"));
        Section(text, "Open escalations", digest.Escalations, "None.", e =>
            $"{Ref(e.DeliveryId, e.Client)}: {e.Escalation.Id} {MarkdownText.Escape(e.Escalation.Issue)} "
            + $"({(e.Escalation.AcknowledgedAt is null ? "not acknowledged" : "acknowledged")}, open {Age(e.Age)})");
        Section(text, "Milestones due this week", digest.DueThisWeek, "None.", m =>
            $"{Ref(m.DeliveryId, m.Client)}: {m.Milestone.Title()}, {Day(m.Target)}");
        Section(text, "SLA burn alerts this week", digest.SlaAlerts, "None.", a =>
            $"{Ref(a.DeliveryId, a.Client)}: {MarkdownText.Escape(a.Subject)} ({a.SentAt.UtcDateTime:ddd d MMM} UTC)");

        text.Append(Invariant, $"**{digest.Metrics.Period} so far, against last month**\n\n");
        var figures = digest.MonthOnMonth.Where(c => c.Current is not null || c.Previous is not null).ToList();
        if (figures.Count == 0) text.Append("No figures yet: nothing was handed over, answered or deployed.\n");
        foreach (var c in figures)
            text.Append("- ").Append(new MetricFigure(c.Metric, c.Current, Judgement.NoTarget, c.Role).Label)
                .Append(": ").Append(Value(c.Metric, c.Current)).Append(" (last month ")
                .Append(Value(c.Metric, c.Previous)).Append(Trend(c)).Append(")\n");
        return text.ToString().TrimEnd();
    }

    private static void Section<T>(
        StringBuilder text, string title, IReadOnlyList<T> items, string none, Func<T, string> line)
    {
        text.Append(Invariant, $"**{title}** ({items.Count})\n\n");
        if (items.Count == 0) text.Append(none).Append('\n');
        foreach (var item in items.Take(Shown)) text.Append("- ").Append(line(item)).Append('\n');
        if (items.Count > Shown) text.Append(Invariant, $"- …and {items.Count - Shown} more\n");
        text.Append('\n');
    }

    private static string Ref(string deliveryId, string client) => $"**{deliveryId}** {MarkdownText.Escape(client)}";

    private static string Day(DateOnly day) => day.ToString("ddd d MMM", Invariant);

    private static string Age(TimeSpan age)
        => age.TotalDays >= 1
            ? Counted.Of((int)age.TotalDays, "day")
            : $"{(int)age.TotalHours} h";

    /// <summary>Rates as percentages, the rest in their unit to one decimal; no data as a dash.</summary>
    private static string Value(Metric metric, double? value) => value switch
    {
        null => "–",
        { } v when metric is Metric.OnTimeRate or Metric.QaFirstPassYield or Metric.ChangeFailureRate
            or Metric.Availability => v.ToString("0.#%", Invariant),
        { } v => v.ToString("0.#", Invariant),
    };

    private static string Trend(MetricChange change) => change.Trend switch
    {
        Metrics.Trend.Better => ", better",
        Metrics.Trend.Worse => ", worse",
        Metrics.Trend.Same => ", same",
        _ => "",
    };
}
