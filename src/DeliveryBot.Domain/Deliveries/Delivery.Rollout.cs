using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;

namespace DeliveryBot.Domain.Deliveries;

/// <summary>
/// The rollout (issue 19): its steps while deploying, the rollback on one of the seed's triggers, and the success
/// metrics confirmed 24 hours after go-live.
/// </summary>
public sealed partial class Delivery
{
    /// <summary>The deployment attempt under way: 1, then one more after each rollback before go-live.</summary>
    public int RolloutAttempt => 1 + State.Rollout.Rollbacks.Count(r => !r.AfterGoLive);

    /// <summary>The steps recorded in the attempt under way, in order.</summary>
    public IReadOnlyList<RolloutStep> RolloutSteps
        => [.. State.Rollout.Steps.Where(s => s.Attempt == RolloutAttempt)];

    /// <summary>The canary's next traffic step in the attempt under way; null when it reached 100%.</summary>
    public int? NextCanaryStep
        => Rollout.CanarySteps.Where(p => !RolloutSteps.Any(s => s.Done == p)).Select(p => (int?)p).FirstOrDefault();

    /// <summary>When "deployment succeeded" was given (the go-live); null before.</summary>
    public DateTimeOffset? WentLiveAt => DecisionFor(Checks.DeploymentSucceeded)?.At;

    /// <summary>Live and the success metrics not answered yet: the monitoring period runs or is over.</summary>
    public bool Monitoring => WentLiveAt is not null && State.Rollout.Monitoring is null;

    /// <summary>When the Deployment Specialist is asked about the success metrics; null when nothing is owed.</summary>
    public DateTimeOffset? MonitoringDueAt => Monitoring ? WentLiveAt + Rollout.MonitoringPeriod : null;

    /// <summary>The triggers a rollback may name now: the seed's four, and after go-live the metrics not met.</summary>
    public IReadOnlyList<string> RollbackTriggers
        => WentLiveAt is null ? DeploymentChecklist.RollbackTriggers
            : [.. DeploymentChecklist.RollbackTriggers, Rollout.MetricsNotMet];

    /// <summary>The rollback whose blocker is still open, if any: the deployment waits on it.</summary>
    public Rollback? OpenRollback
        => State.Rollout.Rollbacks.LastOrDefault(r => FindBlocker(r.BlockerId)?.IsOpen == true);

    /// <summary>Deployment started and "deployment succeeded" not given: steps and rollbacks are recorded.</summary>
    internal void RequireDeploying()
    {
        RequireActive(Stage.DeploymentCoordination);
        if (State.Milestones[(int)Milestone.DeploymentStart].Actual is null)
            throw new RuleViolation("Deployment has not started yet: record the start first.");
        if (WentLiveAt is { } live)
            throw new RuleViolation($"Deployment succeeded at {Time(live)}: the rollout is over.");
    }

    /// <summary>
    /// A failed deployment, the one place this rule lives: a blocker in the current stage (it holds its gate and
    /// escalates if not resolved in time) and the delay notice offered to the DM.
    /// </summary>
    internal Blocker RecordFailure(string what, CommandMeta meta)
    {
        var blocker = AddBlocker(RecordDeploymentFailure.Prefix + what, impact: null, meta);
        OfferDelayNotice($"deployment-failed:{blocker.Id}", $"the deployment failed ({what})", meta);
        return blocker;
    }

    /// <summary>The people holding <paramref name="roles"/> now (or standing in) told, once per cause.</summary>
    internal void Tell(string cause, string what, CommandMeta meta, params Role[] roles)
        => Raise(new TeamTold(
            cause, [.. roles.SelectMany(r => ActorsFor(r, meta.At)).DistinctBy(p => p.Key)], what));
}
