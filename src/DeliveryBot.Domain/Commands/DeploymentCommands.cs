using DeliveryBot.Domain.Calendar;
using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Domain.Commands;

/// <summary>
/// Stage 5: the Deployment Specialist confirms the window, checked against the schedule and the organisation's change
/// freezes (<see cref="Freezes"/>, handed in by the Application layer: see <see cref="IUsesChangeFreezes"/>), and with
/// it the rollout: the method, the rollback plan and the success metrics watched after go-live (the seed's unless
/// changed). The rollout is optional (a window confirmed without it keeps the one set before) and changes only before
/// deployment starts.
/// </summary>
public sealed record ConfirmDeploymentWindow(
    DateOnly Start,
    DateOnly End,
    RolloutMethod? Method = null,
    string? RollbackPlan = null,
    string? SuccessMetrics = null) : DeliveryCommand, IUsesChangeFreezes
{
    public override string Action => "confirm-deployment-window";

    /// <summary>The organisation's change freezes; a window in an active one needs an approved exception.</summary>
    public IReadOnlyList<ChangeFreeze> Freezes { get; init; } = [];

    public DeliveryCommand WithFreezes(IReadOnlyList<ChangeFreeze> freezes) => this with { Freezes = freezes };

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(meta, Role.DeploymentSpecialist);
        delivery.RequireActive(Stage.DeploymentCoordination);
        Known.Date(Start, delivery.Today(meta), "The deployment window's start");
        Known.Date(End, Start, "The deployment window's end");
        if (delivery.FreezeHolds(Start, End, [.. Freezes]) is { } frozen) throw new RuleViolation(frozen);
        var rollout = RolloutSet(delivery, meta);
        var target = delivery.State.Milestones[(int)Milestone.DeploymentComplete].Target;
        var fits = target is null || End <= target;
        delivery.Change(s => s with
        {
            DeploymentWindow = new DeploymentWindow(
                Start, End, ConfirmedBy: meta.Actor, ConfirmedAt: meta.At, FitsSchedule: fits),
            Rollout = rollout ?? s.Rollout,
        });
        var excepted = string.Concat(delivery.FreezesOver(Start, End, Freezes).Select(o =>
            $" It falls in change freeze {o.Freeze.Name}, as {delivery.ChangeNumber(o.Exception!)} allows."));
        var how = rollout is { Method: { } m }
            ? $" Rollout: {Record.Rollout.Title(m)}; success metrics: {rollout.SuccessMetrics}."
            : "";
        return (fits
            ? $"Deployment window {Start:yyyy-MM-dd} to {End:yyyy-MM-dd} confirmed by {meta.Actor}; " +
                "it fits the schedule."
            : $"Deployment window {Start:yyyy-MM-dd} to {End:yyyy-MM-dd} confirmed by {meta.Actor}; " +
                $"it ends after the target ({target:yyyy-MM-dd}): the DM must update the timeline and tell the client.")
            + excepted + how;
    }

    /// <summary>The rollout set with the window; null when none was given (what was set before stands).</summary>
    private Rollout? RolloutSet(Delivery delivery, CommandMeta meta)
    {
        var plan = UserText.Optional(RollbackPlan, "The rollback plan", UserText.Paragraph / 2);
        var metrics = UserText.Optional(SuccessMetrics, "The success metrics");
        if (Method is null)
            return plan is null && metrics is null ? null
                : throw new RuleViolation("Pick the rollout method (blue-green, canary or rolling) with its plan.");
        if (plan is null)
            throw new RuleViolation("Write the rollback plan: how the deployment is undone if a trigger fires.");
        var current = delivery.State.Rollout;
        if (delivery.State.Milestones[(int)Milestone.DeploymentStart].Actual is not null
            && (current.Method != Method || current.RollbackPlan != plan
                || current.SuccessMetrics != (metrics ?? Record.Rollout.DefaultSuccessMetrics)))
            throw new RuleViolation("Deployment has started: the rollout method and rollback plan no longer change.");
        return current with
        {
            Method = Method,
            RollbackPlan = plan,
            SuccessMetrics = metrics ?? Record.Rollout.DefaultSuccessMetrics,
            SetBy = meta.Actor,
            SetAt = meta.At,
        };
    }
}

/// <summary>Stage 5: the Deployment Specialist records that deployment has begun.</summary>
public sealed record StartDeployment : DeliveryCommand
{
    public override string Action => "start-deployment";

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(meta, Role.DeploymentSpecialist);
        delivery.RequireActive(Stage.DeploymentCoordination);
        if (delivery.State.DeploymentWindow is null) throw new RuleViolation("Confirm the deployment window first.");
        if (delivery.State.Milestones[(int)Milestone.DeploymentStart].Actual is { } started)
            throw new RuleViolation($"Deployment start was already recorded on {started:yyyy-MM-dd}.");
        if (delivery.ReleaseHoldsDeployment() is { } noGo) throw new RuleViolation(noGo);
        delivery.SetActual(Milestone.DeploymentStart, delivery.Today(meta));
        return $"Deployment started ({delivery.Today(meta):yyyy-MM-dd}), recorded by {meta.Actor}.";
    }
}

/// <summary>
/// Stage 5: several items of the deployment checklist ticked and unticked at once (one submission of the card), each
/// marked with who and when. Unticking is allowed and leaves the same trace; a repeat that changes nothing says so.
/// </summary>
public sealed record UpdateDeploymentChecklist(IReadOnlyList<string> Tick, IReadOnlyList<string>? Untick = null)
    : DeliveryCommand
{
    public override string Action => "update-deployment-checklist";

    internal override string? AlreadyDecided(Delivery delivery)
    {
        // only while the checklist can change: elsewhere the stage's own refusal says why nothing changed
        if (!delivery.IsActive(Stage.DeploymentCoordination)) return null;
        var (tick, untick, unknown) = Resolve();
        return unknown.Count == 0
            && tick.Count + untick.Count > 0
            && !tick.Intersect(untick).Any()
            && tick.All(delivery.IsTicked)
            && !untick.Any(delivery.IsTicked)
                ? $"The deployment checklist already stands as asked ({Done(delivery)}); nothing changed."
                : null;
    }

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(meta, Role.DeploymentSpecialist, Role.DeliveryManager);
        delivery.RequireActive(Stage.DeploymentCoordination);
        var (tick, untick, unknown) = Resolve();
        if (unknown.Count > 0)
            throw new RuleViolation(unknown.Count == 1
                ? $"'{unknown[0]}' is not on the deployment checklist."
                : $"{string.Join(", ", unknown.Select(u => $"'{u}'"))} are not on the deployment checklist.");
        if (tick.Count + untick.Count == 0) throw new RuleViolation("Name the checklist items to tick or untick.");
        if (tick.Intersect(untick).FirstOrDefault() is { } both)
            throw new RuleViolation($"'{both}' cannot be ticked and unticked at once.");
        var ticked = tick.Where(i => !delivery.IsTicked(i)).ToList();
        var unticked = untick.Where(delivery.IsTicked).ToList();
        delivery.MarkChecklist(ticked, unticked, meta);
        var what = string.Join("; ", new[] { ("ticked", ticked), ("unticked", unticked) }
            .Where(c => c.Item2.Count > 0)
            .Select(c => $"{c.Item1} {string.Join(", ", c.Item2.Select(i => $"'{i}'"))}"));
        return $"Deployment checklist, by {meta.Actor}: {what}. {Done(delivery)}.";
    }

    private static string Done(Delivery delivery)
        => $"{DeploymentChecklist.Count - delivery.OpenChecklistItems.Count} of {DeploymentChecklist.Count} done";

    /// <summary>The items as the checklist names them (in the order given, once each) and the names it lacks.</summary>
    private (List<string> Tick, List<string> Untick, List<string> Unknown) Resolve()
    {
        var (tick, unknownTicks) = NamedItems.Resolve(Tick, DeploymentChecklist.Find);
        var (untick, unknownUnticks) = NamedItems.Resolve(Untick, DeploymentChecklist.Find);
        return (tick, untick, [.. unknownTicks, .. unknownUnticks]);
    }
}

/// <summary>
/// Stage 5: the DM lets "deployment succeeded" be confirmed with checklist items still open, with the reason; the
/// record keeps who, when, why and which items were open. Given once.
/// </summary>
public sealed record OverrideDeploymentChecklist(string Reason) : DeliveryCommand
{
    public override string Action => "override-deployment-checklist";

    internal override string? AlreadyDecided(Delivery delivery)
        => delivery.State.DeploymentChecklistOverride is { } given
            ? $"The deployment checklist was already overridden by {given.By} at {delivery.Time(given.At)}: "
                + given.Reason
            : null;

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(meta, Role.DeliveryManager);
        delivery.RequireActive(Stage.DeploymentCoordination);
        var reason = UserText.Required(Reason, "The reason for overriding the checklist", UserText.Paragraph);
        var open = delivery.OpenChecklistItems;
        if (open.Count == 0)
            throw new RuleViolation("Every item of the deployment checklist is ticked: there is nothing to override.");
        delivery.Change(s => s with { DeploymentChecklistOverride = new(meta.Actor, meta.At, reason, open) });
        return $"Deployment checklist overridden by {meta.Actor} with {open.Count} of {DeploymentChecklist.Count} "
            + $"items open ({string.Join(", ", open)}): {reason}";
    }
}

/// <summary>
/// Stage 5: a failed deployment, raised as a blocker (it holds the gate and escalates if not resolved in time) and
/// offered to the DM as a cause for a delay notice to the client.
/// </summary>
public sealed record RecordDeploymentFailure(string What) : DeliveryCommand
{
    public const string Prefix = "Deployment failed: ";

    public override string Action => "deployment-failed";

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        // whoever could raise the blocker before the failure had its own command
        delivery.Require(
            meta, Role.DeliveryManager, Role.ProductionLineArchitect, Role.DeploymentSpecialist, Role.QaEngineer);
        delivery.RequireActive(Stage.DeploymentCoordination);
        var what = UserText.Required(What, "What failed", UserText.Paragraph - Prefix.Length);
        var blocker = delivery.RecordFailure(what, meta);
        return $"Blocker {blocker.Id} raised by {meta.Actor} in stage {(int)blocker.Stage}: {blocker.Description}";
    }
}
