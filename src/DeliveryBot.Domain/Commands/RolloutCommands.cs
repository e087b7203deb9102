using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Incidents;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Domain.Commands;

/// <summary>Stage 5, a canary: the Deployment Specialist records the traffic step reached, in order.</summary>
public sealed record RecordCanaryStep(int Percent) : DeliveryCommand
{
    public override string Action => "canary-step";

    internal override string? AlreadyDecided(Delivery delivery)
        => delivery.State.Rollout.Method == RolloutMethod.Canary && delivery.WentLiveAt is null
            && delivery.RolloutSteps.FirstOrDefault(s => s.Done == Percent) is { } step
                ? $"The canary was already at {Percent}% ({step.By}, {delivery.Time(step.At)}); nothing changed."
                : null;

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(meta, Role.DeploymentSpecialist);
        delivery.RequireDeploying();
        RolloutRules.RequireMethod(delivery, RolloutMethod.Canary);
        if (delivery.NextCanaryStep is not { } next)
            throw new RuleViolation("The canary already takes 100% of the traffic.");
        if (Percent != next)
            throw new RuleViolation(Rollout.CanarySteps.Contains(Percent)
                ? $"The canary's next step is {next}%: the steps go {RolloutRules.Steps} in order."
                : $"{Percent}% is not a canary step: the steps go {RolloutRules.Steps}.");
        delivery.Change(s => s with
        {
            Rollout = s.Rollout with
            {
                Steps = s.Rollout.Steps.Add(new(delivery.RolloutAttempt, Percent, 100, meta.Actor, meta.At)),
            },
        });
        return $"Canary at {Percent}% of the traffic, recorded by {meta.Actor}.";
    }
}

/// <summary>Stage 5, blue-green: the Deployment Specialist records the traffic switched to the new one.</summary>
public sealed record RecordBlueGreenSwitch : DeliveryCommand
{
    public override string Action => "blue-green-switch";

    internal override string? AlreadyDecided(Delivery delivery)
        => delivery.State.Rollout.Method == RolloutMethod.BlueGreen && delivery.WentLiveAt is null
            && delivery.RolloutSteps is [var step, ..]
                ? $"The traffic was already switched ({step.By}, {delivery.Time(step.At)}); nothing changed."
                : null;

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(meta, Role.DeploymentSpecialist);
        delivery.RequireDeploying();
        RolloutRules.RequireMethod(delivery, RolloutMethod.BlueGreen);
        delivery.Change(s => s with
        {
            Rollout = s.Rollout with
            {
                Steps = s.Rollout.Steps.Add(new(delivery.RolloutAttempt, 1, 1, meta.Actor, meta.At)),
            },
        });
        return $"Traffic switched to the new environment, recorded by {meta.Actor}.";
    }
}

/// <summary>Stage 5, rolling: the Deployment Specialist records how many instances of how many are updated.</summary>
public sealed record RecordRollingProgress(int Updated, int Of) : DeliveryCommand
{
    public override string Action => "rolling-progress";

    internal override string? AlreadyDecided(Delivery delivery)
        => delivery.State.Rollout.Method == RolloutMethod.Rolling && delivery.WentLiveAt is null
            && delivery.RolloutSteps is [.., var last] && last.Done == Updated && last.Of == Of
                ? $"{Updated} of {Of} instances were already recorded ({last.By}, {delivery.Time(last.At)}); "
                    + "nothing changed."
                : null;

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(meta, Role.DeploymentSpecialist);
        delivery.RequireDeploying();
        RolloutRules.RequireMethod(delivery, RolloutMethod.Rolling);
        if (Of is < 1 or > 10_000 || Updated < 1 || Updated > Of)
            throw new RuleViolation($"{Updated} of {Of} instances cannot be: say n of N with 1 ≤ n ≤ N.");
        if (delivery.RolloutSteps is [.., var last])
        {
            if (last.Of != Of)
                throw new RuleViolation($"The rolling update counts {last.Of} instances, not {Of}.");
            if (Updated <= last.Done)
                throw new RuleViolation($"{last.Done} of {last.Of} instances are already updated: progress moves on.");
        }
        delivery.Change(s => s with
        {
            Rollout = s.Rollout with
            {
                Steps = s.Rollout.Steps.Add(new(delivery.RolloutAttempt, Updated, Of, meta.Actor, meta.At)),
            },
        });
        return $"Rolling update: {Updated} of {Of} instances updated, recorded by {meta.Actor}.";
    }
}

/// <summary>
/// The Deployment Specialist rolled back on one of the seed's triggers: while deploying (deployment started, not
/// succeeded), or after go-live when the success metrics were not met (the monitoring's answer). Either way the
/// deployment counts as failed (a blocker of the current stage, the delay notice offered to the DM) and QA, the PLA
/// and the DM are told.
/// </summary>
public sealed record RollBackDeployment(string Trigger, string Seen, bool Clean, string? Outcome = null)
    : DeliveryCommand
{
    public override string Action => "roll-back";

    internal override string? AlreadyDecided(Delivery delivery) => RolloutRules.Answered(delivery);

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(meta, Role.DeploymentSpecialist);
        var afterGoLive = delivery.WentLiveAt is not null;
        if (afterGoLive)
        {
            if (!delivery.Monitoring)
                throw new RuleViolation("The success metrics were already answered: there is nothing to roll back.");
        }
        else
        {
            delivery.RequireDeploying();
            if (delivery.OpenRollback is { } open)
                throw new RuleViolation(
                    $"The deployment was rolled back at {delivery.Time(open.At)} ({open.BlockerId} is open): "
                    + "resolve it and deploy again first.");
        }
        var trigger = delivery.RollbackTriggers.FirstOrDefault(
                t => string.Equals(t, Trigger?.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new RuleViolation(
                $"'{UserText.Shown(Trigger)}' is not a rollback trigger: name one of "
                + $"{string.Join(", ", delivery.RollbackTriggers)}.");
        var seen = UserText.Required(Seen, "What was seen", UserText.Paragraph / 2);
        var outcome = Clean
            ? UserText.Optional(Outcome, "How the rollback went", UserText.Paragraph / 4)
            : UserText.Required(Outcome, "What went wrong in the rollback", UserText.Paragraph / 4);
        var blocker = delivery.RecordFailure($"rolled back ({trigger}): {seen}", meta);
        var rollback = new Rollback(
            trigger, seen, Clean, outcome, afterGoLive, blocker.Id, By: meta.Actor, At: meta.At);
        delivery.Change(s => s with
        {
            Rollout = s.Rollout with
            {
                Rollbacks = s.Rollout.Rollbacks.Add(rollback),
                Monitoring = afterGoLive
                    ? new(Met: false, s.Rollout.SuccessMetrics, seen, MonitoringFollowUp.RollBack, meta.Actor, meta.At)
                    : s.Rollout.Monitoring,
            },
        });
        var how = Clean ? "rolled back cleanly" : "rolled back with problems";
        var what = $"{meta.Actor} rolled back the deployment{(afterGoLive ? " after go-live" : "")} on "
            + $"“{trigger}” ({seen}): {how}{(outcome is null ? "" : $": {outcome}")}. The deployment counts as failed: "
            + $"blocker {blocker.Id}.";
        delivery.Tell($"rollback:{blocker.Id}", what, meta,
            Role.QaEngineer, Role.ProductionLineArchitect, Role.DeliveryManager);
        return what;
    }
}

/// <summary>
/// After the monitoring period the Deployment Specialist confirms the success metrics were met; not met is answered by
/// <see cref="RollBackDeployment"/> or <see cref="OpenIncident"/>.
/// </summary>
public sealed record ConfirmSuccessMetrics : DeliveryCommand
{
    public override string Action => "success-metrics-met";

    internal override string? AlreadyDecided(Delivery delivery) => RolloutRules.Answered(delivery);

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(meta, Role.DeploymentSpecialist);
        RolloutRules.RequireMonitoring(delivery, meta, periodOver: true);
        var metrics = delivery.State.Rollout.SuccessMetrics;
        delivery.Change(s => s with
        {
            Rollout = s.Rollout with { Monitoring = new(Met: true, metrics, null, null, meta.Actor, meta.At) },
        });
        return $"Success metrics met after go-live ({metrics}), confirmed by {meta.Actor}.";
    }
}

/// <summary>
/// The success metrics were not met and the Deployment Specialist opens an incident rather than rolling back: a SEV-2
/// (the seed's "significant performance degradation") in the service just put live, detected now, which they command;
/// the DM is told.
/// </summary>
public sealed record OpenIncident(string Seen) : DeliveryCommand
{
    public override string Action => "open-incident";

    internal override string? AlreadyDecided(Delivery delivery) => RolloutRules.Answered(delivery);

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(meta, Role.DeploymentSpecialist);
        RolloutRules.RequireMonitoring(delivery, meta, periodOver: false);
        var seen = UserText.Required(Seen, "What was seen", UserText.Paragraph / 2);
        var metrics = delivery.State.Rollout.SuccessMetrics;
        delivery.Change(s => s with
        {
            Rollout = s.Rollout with
            {
                Monitoring = new(Met: false, metrics, seen, MonitoringFollowUp.OpenIncident, meta.Actor, meta.At),
            },
        });
        var what = $"Success metrics not met after go-live ({metrics}): {seen}. {meta.Actor} opened an incident.";
        delivery.Tell("incident", what, meta, Role.DeliveryManager);
        var declared = IncidentCommand.Declare(
            delivery,
            meta,
            // what was seen is the title when it fits in one; it is kept whole in the deployment's record anyway
            title: $"Success metrics not met: {seen}" is { Length: <= UserText.Line } title
                ? title
                : "Success metrics not met after go-live",
            Severity.Sev2,
            affectedServices: delivery.State.DigitalTalent,
            detectedAt: meta.At,
            isOutage: false);
        return $"{what} {declared}";
    }
}

/// <summary>The checks the rollout commands share.</summary>
internal static class RolloutRules
{
    public static string Steps => string.Join(" → ", Rollout.CanarySteps.Select(p => $"{p}%"));

    public static void RequireMethod(Delivery delivery, RolloutMethod method)
    {
        if (delivery.State.Rollout.Method is not { } set)
            throw new RuleViolation("No rollout method was set with the window: set it before deployment starts.");
        if (set != method)
            throw new RuleViolation($"The rollout is {Rollout.Title(set)}, not {Rollout.Title(method)}.");
    }

    /// <summary>
    /// Live: the metrics may be found not met at any time of the monitoring period, and confirmed met once it is over
    /// (<paramref name="periodOver"/>).
    /// </summary>
    public static void RequireMonitoring(Delivery delivery, CommandMeta meta, bool periodOver)
    {
        if (delivery.WentLiveAt is null)
            throw new RuleViolation("The success metrics are confirmed after go-live (deployment succeeded).");
        if (periodOver && delivery.MonitoringDueAt is { } due && meta.At < due)
            throw new RuleViolation(
                $"The monitoring period runs until {delivery.Time(due)}: confirm the success metrics then.");
    }

    /// <summary>The monitoring's answer, once given: a second answer changes nothing.</summary>
    public static string? Answered(Delivery delivery)
        => delivery.State.Rollout.Monitoring is { } m
            ? $"The success metrics were already answered by {m.By} at {delivery.Time(m.At)}: "
                + (m.Met ? "met." : m.Then == MonitoringFollowUp.RollBack ? "not met, rolled back." : "not met, "
                    + "an incident opened.")
            : null;
}
