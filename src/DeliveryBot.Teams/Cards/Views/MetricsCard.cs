using System.Globalization;
using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Incidents;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Metrics;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Rendering;
using DeliveryBot.Domain.Service;

namespace DeliveryBot.Teams.Cards.Views;

/// <summary>
/// cards/metrics.json, the seed's "DELIVERY PERFORMANCE" dashboard for a month: the seed's delivery metrics (each with
/// its value, target, met or missed, and the change since the previous month), the lifecycle figures, the incident
/// summary and the upcoming deployment windows; for one delivery (<c>metrics D1</c>) also its own figures: the slip
/// of each milestone, the time in each stage and how its gate checks were answered. Not a delivery card: it is drawn
/// from many records, and its Refresh (card.refresh) names the organisation's metrics or the one delivery's.
/// </summary>
internal static class MetricsCard
{
    public const string Template = Templates.Metrics;

    /// <summary>Weeks of deployment windows shown, the release calendar's default.</summary>
    public const int ReleaseWeeks = ReleaseCalendarMarkdown.DefaultWeeks;

    /// <summary>Lines of a list shown at most, so the card stays far under what Teams takes.</summary>
    public const int MostLines = 20;

    public sealed record View(
        string Title,
        string Scope,
        IReadOnlyList<Fact> Seed,
        IReadOnlyList<Fact> Lifecycle,
        IReadOnlyList<Fact> Incidents,
        IReadOnlyList<Fact> Releases,
        string NoReleases,
        IReadOnlyList<Fact> Own,
        string OwnTitle,
        string Counted);

    /// <summary>What the card is drawn from, as the `metrics` command reads it.</summary>
    public sealed record Input(
        string Scope,
        PortfolioMetrics Current,
        PortfolioMetrics Previous,
        IReadOnlyList<Delivery> Windows,
        DateOnly Today,
        Delivery? One,
        DateTimeOffset Now,
        string Counted);

    public static ViewObject Data(Input input)
    {
        var m = input.Current;
        var changes = MonthOnMonth.Of(m, input.Previous);
        var before = input.Previous.Period.FirstDay.ToString("MMMM", CultureInfo.InvariantCulture);
        var own = input.One is { } one ? DeliveryMetrics.Of(one, input.Now) : null;
        var data = CardText.Data(new View(
            Title: $"DELIVERY PERFORMANCE - {m.Period}",
            Scope: input.Scope,
            Seed: [.. SeedFigures(m).Select(f => new Fact(f.Label, SeedLine(m, f, changes, before)))],
            Lifecycle: [.. LifecycleFigures(m, changes, before)],
            Incidents: [.. IncidentFacts(m.Incidents)],
            Releases: [.. Releases(input.Windows, input.Today).Take(MostLines)],
            NoReleases: $"No deployment windows in the next {ReleaseWeeks} weeks.",
            Own: own is null ? [] : [.. OwnFacts(input.One!, own).Take(MostLines * 2)],
            OwnTitle: input.One is { } d ? $"{d.Id} on its own, as of today" : "",
            Counted: input.Counted));
        // what the Refresh button sends back: the one delivery's metrics, or the organisation's ("")
        data.Set("card", Template);
        data.Set("deliveryId", input.One?.Id ?? "");
        data.Set("focus", "");
        data.Set("version", 0);
        return data;
    }

    /// <summary>The seed's five, availability only when the SLA gives a figure.</summary>
    private static IEnumerable<MetricFigure> SeedFigures(PortfolioMetrics m)
        => m.Figures.Where(f => IsSeeds(f.Metric) && (f.Metric != Metric.Availability || f.Value is not null));

    /// <summary>The seed's delivery metrics, each judged against a target; the rest are the lifecycle's.</summary>
    private static bool IsSeeds(Metric metric)
        => metric is Metric.DeploymentFrequency or Metric.LeadTimeToProduction or Metric.ChangeFailureRate
            or Metric.MeanTimeToRecover or Metric.Availability;

    private static string SeedLine(
        PortfolioMetrics m, MetricFigure f, IReadOnlyList<MetricChange> changes, string before)
    {
        var value = f.Value is { } v ? Value(f.Metric, v) : "no data";
        if (f.Metric == Metric.DeploymentFrequency && f.Value is not null)
            value += $" ({Counted.Of(m.GoLives, "go-live")})";
        var judgement = f.Judgement switch
        {
            Judgement.Met => "✅ met",
            Judgement.Missed => "❌ missed",
            _ => "no data",
        };
        return $"{value} · target {Target(f.Metric, m.Targets)} · {judgement} · {Trend(f, changes, before)}";
    }

    private static IEnumerable<Fact> LifecycleFigures(
        PortfolioMetrics m, IReadOnlyList<MetricChange> changes, string before)
    {
        foreach (var f in m.Figures.Where(f => !IsSeeds(f.Metric)))
        {
            if (f.Metric == Metric.AnswerTime)
            {
                var answers = m.AnswersByRole.Single(a => a.Role == f.Role);
                yield return new Fact(f.Label,
                    $"{Value(f.Metric, f.Value!.Value)} over {Counted.Of(answers.Answers, "answer")}, "
                    + $"{Number(answers.MeanNudges)} nudges each on average · {Trend(f, changes, before)}");
                continue;
            }
            var value = f.Value is { } v ? Value(f.Metric, v) : "no data";
            if (f.Metric == Metric.OnTimeRate && f.Value is not null) value += $" of {m.HandedOver} handed over";
            yield return new Fact(f.Label, $"{value} · {Trend(f, changes, before)}");
        }
    }

    private static IEnumerable<Fact> IncidentFacts(IncidentMetrics i)
    {
        yield return new Fact("Total", $"{i.Total}");
        foreach (var (severity, count) in i.BySeverity.OrderBy(s => s.Key))
            yield return new Fact(SeverityTargets.Title(severity), $"{count}");
        yield return new Fact("MTTR", Span(i.MeanTimeToRecover));
        yield return new Fact("MTTD", Span(i.MeanTimeToDetect));
    }

    /// <summary>The windows to come (confirmed ◆, planned ○), soonest first, of deliveries not yet deployed.</summary>
    private static IEnumerable<Fact> Releases(IReadOnlyList<Delivery> open, DateOnly today)
    {
        var last = today.AddDays((7 * ReleaseWeeks) - 1);
        return open
            .Where(d => !d.IsClosed && !d.AwaitsManager
                && d.State.Milestones[(int)Milestone.DeploymentComplete].Actual is null)
            .Select(d => (Delivery: d, Window: ReleaseCalendarMarkdown.WindowOf(d)))
            .Where(w => w.Window is { } x && x.Start <= last && x.End >= today)
            .OrderBy(w => w.Window!.Value.Start).ThenBy(w => w.Delivery.Id.Length)
            .ThenBy(w => w.Delivery.Id, StringComparer.Ordinal)
            .Select(w => new Fact(
                $"{w.Delivery.Id} · {w.Delivery.State.Client}",
                $"{(w.Window!.Value.Confirmed ? "◆" : "○")} {Day(w.Window.Value.Start)} – {Day(w.Window.Value.End)}"
                    + (w.Window.Value.Confirmed ? " (confirmed)" : " (planned)")));
    }

    private static IEnumerable<Fact> OwnFacts(Delivery delivery, DeliveryMetrics own)
    {
        foreach (var slip in own.Slips)
            yield return new Fact($"Slip, {slip.Milestone.Title()}", slip.StillRunning
                ? $"{Signed(slip.BusinessDays)} business days so far (target {Day(slip.Target)}, not reached)"
                : $"{Signed(slip.BusinessDays)} business days (target {Day(slip.Target)}, "
                    + $"reached {Day(slip.Actual!.Value)})");
        foreach (var stage in own.Stages)
            yield return new Fact($"Stage {(int)stage.Stage} · {stage.Stage.Title()}",
                $"{Number(stage.Duration.TotalDays)} days{(stage.StillRunning ? " so far" : "")}");
        foreach (var answer in own.Answers)
            yield return new Fact(
                $"Answered, {StageCatalog.FindCheck(answer.CheckKey)?.Question ?? answer.CheckKey}",
                $"in {Number(answer.Took.TotalHours)} hours by the {answer.Role.Title()} at "
                    + $"{delivery.Time(answer.AnsweredAt)}, after {Counted.Of(answer.Nudges, "nudge")}");
    }

    /// <summary>A figure in the unit its label names: rates in per cent, the rest as numbers.</summary>
    private static string Value(Metric metric, double value) => metric switch
    {
        Metric.OnTimeRate or Metric.QaFirstPassYield or Metric.ChangeFailureRate => Percent(value, "0.#"),
        Metric.Availability => Percent(value, "0.0##"),
        _ => Number(value),
    };

    private static string Target(Metric metric, DeliveryTargets t) => metric switch
    {
        Metric.DeploymentFrequency => $"{Number(t.DeploymentsPerWeek)}+",
        Metric.LeadTimeToProduction => $"under {Number(t.LeadTime.TotalHours)}",
        Metric.ChangeFailureRate => $"under {Percent(t.ChangeFailureRate, "0.#")}",
        Metric.MeanTimeToRecover => $"under {Number(t.MeanTimeToRecover.TotalHours)}",
        Metric.Availability => $"{Percent(t.Availability, "0.0##")} or more",
        _ => "none",
    };

    /// <summary>"▲ +0.5 on February, better"; a change in a rate is in points.</summary>
    private static string Trend(MetricFigure figure, IReadOnlyList<MetricChange> changes, string before)
    {
        var change = changes.FirstOrDefault(c => c.Metric == figure.Metric && c.Role == figure.Role);
        if (change is null || change.Trend == Domain.Metrics.Trend.NoData || change.Change is not { } by)
            return change?.Previous is { } then ? $"{before}: {Value(figure.Metric, then)}" : $"no figure for {before}";
        if (change.Trend == Domain.Metrics.Trend.Same) return $"= same as {before}";
        var sign = by > 0 ? "+" : "-";
        return $"{(by > 0 ? "▲" : "▼")} {sign}{Value(figure.Metric, Math.Abs(by))} on {before}, "
            + (change.Trend == Domain.Metrics.Trend.Better ? "better" : "worse");
    }

    private static string Span(TimeSpan? span)
        => span is not { } s ? "no data"
            : s < TimeSpan.FromHours(1) ? $"{Number(Math.Round(s.TotalMinutes))} min"
            : $"{Number(s.TotalHours)} hours";

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Percent(double value, string format)
        => $"{(value * 100).ToString(format, CultureInfo.InvariantCulture)} %";

    private static string Signed(int days) => days > 0 ? $"+{days}" : $"{days}";

    private static string Day(DateOnly day) => day.ToString("d MMM", CultureInfo.InvariantCulture);
}
