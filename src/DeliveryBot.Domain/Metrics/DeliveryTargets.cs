using System.Globalization;
using DeliveryBot.Domain.Common;

namespace DeliveryBot.Domain.Metrics;

/// <summary>Where a figure stands against its target; <see cref="NoData"/> when there is nothing to measure.</summary>
public enum Judgement { Met, Missed, NoData, NoTarget }

/// <summary>
/// The targets of the seed's delivery metrics ("Deployment Frequency 10+/week, Lead Time &lt;1 day, Change Failure
/// Rate &lt;5%, MTTR &lt;1 hour, Availability 99.9%"), the defaults of every organisation until it sets its own.
/// </summary>
public sealed record DeliveryTargets
{
    public static readonly DeliveryTargets Seed = new();

    /// <summary>Go-lives per week, at least.</summary>
    public double DeploymentsPerWeek { get; init; } = 10;

    /// <summary>Lead time to production, under.</summary>
    public TimeSpan LeadTime { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Failed deployments over all, under (0.05 is 5 %).</summary>
    public double ChangeFailureRate { get; init; } = 0.05;

    /// <summary>Mean time to recovery, under.</summary>
    public TimeSpan MeanTimeToRecover { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Availability, at least (0.999 is 99.9 %).</summary>
    public double Availability { get; init; } = 0.999;

    /// <summary>Refuses a target that could never be met or never missed, naming it.</summary>
    public void Validate()
    {
        if (!(DeploymentsPerWeek > 0) || DeploymentsPerWeek > 10_000)
            throw new RuleViolation(
                "The deployment frequency target must be more than 0 and at most 10000 a week, "
                + $"not {DeploymentsPerWeek}.");
        if (LeadTime <= TimeSpan.Zero || LeadTime > TimeSpan.FromDays(365))
            throw new RuleViolation($"The lead time target must be more than 0 and at most 365 days, not {LeadTime}.");
        if (!(ChangeFailureRate > 0) || ChangeFailureRate > 1)
            throw new RuleViolation(
                $"The change failure rate target must be more than 0 % and at most 100 %, not {ChangeFailureRate:P1}.");
        if (MeanTimeToRecover <= TimeSpan.Zero || MeanTimeToRecover > TimeSpan.FromDays(30))
            throw new RuleViolation(
                $"The MTTR target must be more than 0 and at most 30 days, not {MeanTimeToRecover}.");
        if (!(Availability > 0) || Availability >= 1)
            throw new RuleViolation(
                $"The availability target must be more than 0 % and less than 100 %, not {Availability:P3}.");
    }

    /// <summary>The names a target is set by, as typed in `metrics targets`.</summary>
    public static readonly IReadOnlyList<string> Names =
        ["frequency", "lead-time", "change-failure", "mttr", "availability"];

    /// <summary>"deployment frequency 10+ a week, lead time under 1 day, …", as the seed writes them.</summary>
    public string Describe()
        => string.Create(CultureInfo.InvariantCulture,
            $"deployment frequency {DeploymentsPerWeek:0.##}+ a week, lead time under {Span(LeadTime)}, change failure "
            + $"rate under {ChangeFailureRate * 100:0.##} %, MTTR under {Span(MeanTimeToRecover)}, availability "
            + $"{Availability * 100:0.0##} % or more");

    /// <summary>
    /// These targets with those typed in <paramref name="text"/> changed: pairs of a name (<see cref="Names"/>) and a
    /// value (`frequency 12`, `lead-time 2d`, `change-failure 5%`, `mttr 45m`, `availability 99.95%`; spans in m, h
    /// or d). Anything else is refused, naming what was not understood; the result is not validated yet.
    /// </summary>
    public DeliveryTargets With(string text)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0 || words.Length % 2 != 0 || words.Length > 2 * Names.Count)
            throw new RuleViolation(
                "Give each target as a name and a value, e.g. frequency 12 lead-time 1d change-failure 5% mttr 1h "
                + "availability 99.9%.");
        var targets = this;
        for (var i = 0; i < words.Length; i += 2)
        {
            var (name, value) = (words[i].ToLowerInvariant(), words[i + 1]);
            targets = name switch
            {
                "frequency" => targets with { DeploymentsPerWeek = Number(value, name) },
                "lead-time" => targets with { LeadTime = SpanOf(value, name) },
                "change-failure" => targets with { ChangeFailureRate = Number(value.TrimEnd('%'), name) / 100 },
                "mttr" => targets with { MeanTimeToRecover = SpanOf(value, name) },
                "availability" => targets with { Availability = Number(value.TrimEnd('%'), name) / 100 },
                _ => throw new RuleViolation(
                    $"I don't know the target \"{Cut(name)}\"; they are {string.Join(", ", Names)}."),
            };
        }
        return targets;
    }

    private static double Number(string value, string name)
        => value.Length <= 12 && double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture,
            out var number)
            ? number
            : throw new RuleViolation($"The {name} target \"{Cut(value)}\" is not a number.");

    private static TimeSpan SpanOf(string value, string name)
    {
        var unit = value.Length > 1 ? char.ToLowerInvariant(value[^1]) : ' ';
        if (unit is not ('m' or 'h' or 'd') || value.Length > 10
            || !double.TryParse(value[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n))
            throw new RuleViolation(
                $"The {name} target \"{Cut(value)}\" is not a span of time; write it as 45m, 2h or 1d.");
        return unit switch { 'm' => TimeSpan.FromMinutes(n), 'h' => TimeSpan.FromHours(n), _ => TimeSpan.FromDays(n) };
    }

    private static string Span(TimeSpan span)
        => span.TotalDays >= 1 && span.TotalDays % 1 == 0
            ? Counted.Of((long)span.TotalDays, "day")
            : span.TotalHours >= 1 && span.TotalHours % 1 == 0 ? FormattableString.Invariant($"{span.TotalHours:0} h")
            : FormattableString.Invariant($"{span.TotalMinutes:0.#} min");

    private static string Cut(string text) => text.Length <= 20 ? text : text[..20] + "…";
}
