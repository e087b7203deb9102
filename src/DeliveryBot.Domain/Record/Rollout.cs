using System.Collections.Immutable;
using DeliveryBot.Domain.People;

namespace DeliveryBot.Domain.Record;

/// <summary>The seed's deployment patterns: how the new version reaches production.</summary>
public enum RolloutMethod
{
    /// <summary>A second environment takes all the traffic at once; rolling back routes it back.</summary>
    BlueGreen,
    /// <summary>The traffic moves in the seed's steps (5%, 25%, 50%, 100%).</summary>
    Canary,
    /// <summary>The instances are updated one after another.</summary>
    Rolling,
}

/// <summary>What the Deployment Specialist chose when the success metrics were not met after go-live.</summary>
public enum MonitoringFollowUp
{
    RollBack,
    /// <summary>An incident is wanted; incidents are not kept yet, so the intent is recorded and the DM told.</summary>
    OpenIncident,
}

/// <summary>
/// The rollout of the seed's release plan: the method and rollback plan the Deployment Specialist set with the window
/// (none when they were not set), the success metrics watched for 24 hours after go-live, the steps recorded while
/// deploying, the rollbacks and the monitoring's result.
/// </summary>
public sealed record Rollout
{
    /// <summary>The seed's post-release success metrics, the default of every delivery.</summary>
    public const string DefaultSuccessMetrics = "Error rate < 0.1%, latency P99 < 500ms";

    /// <summary>The rollback trigger after go-live, beside the seed's four: the success metrics were not met.</summary>
    public const string MetricsNotMet = "Success metrics not met";

    /// <summary>The seed's canary traffic steps, in order.</summary>
    public static readonly IReadOnlyList<int> CanarySteps = [5, 25, 50, 100];

    /// <summary>The seed's monitoring period after go-live.</summary>
    public static readonly TimeSpan MonitoringPeriod = TimeSpan.FromHours(24);

    /// <summary>A method as people say it: "blue-green", "canary", "rolling".</summary>
    public static string Title(RolloutMethod method) => method switch
    {
        RolloutMethod.BlueGreen => "blue-green",
        RolloutMethod.Canary => "canary",
        _ => "rolling",
    };

    /// <summary>A step as people say it: "25% of the traffic", "3 of 5 instances updated".</summary>
    public string Describe(RolloutStep step) => Method switch
    {
        RolloutMethod.Canary => $"{step.Done}% of the traffic",
        RolloutMethod.BlueGreen => "traffic switched to the new environment",
        _ => $"{step.Done} of {step.Of} instances updated",
    };

    public RolloutMethod? Method { get; init; }
    public string? RollbackPlan { get; init; }
    public string SuccessMetrics { get; init; } = DefaultSuccessMetrics;
    public Person? SetBy { get; init; }
    public DateTimeOffset? SetAt { get; init; }

    /// <summary>Every step recorded, in order; <see cref="RolloutStep.Attempt"/> counts the rollbacks.</summary>
    public ImmutableList<RolloutStep> Steps { get; init; } = [];
    public ImmutableList<Rollback> Rollbacks { get; init; } = [];

    /// <summary>The Deployment Specialist's answer after the monitoring period; null until given.</summary>
    public MonitoringResult? Monitoring { get; init; }
}

/// <summary>
/// One step of a rollout: a canary's traffic share (<see cref="Done"/>% of 100), the blue-green switch (1 of 1), a
/// rolling update's instances (n of N). <see cref="Attempt"/> is 1, then one more after each rollback before go-live.
/// </summary>
public sealed record RolloutStep(int Attempt, int Done, int Of, Person By, DateTimeOffset At);

/// <summary>
/// A rollback: the trigger named, what was seen, how it went (cleanly, or with the problems said), and the blocker that
/// counts the deployment as failed. <see cref="AfterGoLive"/> when the success metrics were not met after go-live.
/// </summary>
public sealed record Rollback(
    string Trigger,
    string Seen,
    bool Clean,
    string? Outcome,
    bool AfterGoLive,
    string BlockerId,
    Person By,
    DateTimeOffset At);

/// <summary>The success metrics after the monitoring period: met, or not (what was seen and what follows).</summary>
public sealed record MonitoringResult(
    bool Met, string Metrics, string? Seen, MonitoringFollowUp? Then, Person By, DateTimeOffset At);
