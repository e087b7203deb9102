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
}
