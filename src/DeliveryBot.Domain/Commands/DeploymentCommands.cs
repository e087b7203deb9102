using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Domain.Commands;

/// <summary>Stage 5: the Deployment Specialist confirms the window, checked against the schedule.</summary>
public sealed record ConfirmDeploymentWindow(DateOnly Start, DateOnly End) : DeliveryCommand
{
    public override string Action => "confirm-deployment-window";

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(meta, Role.DeploymentSpecialist);
        delivery.RequireActive(Stage.DeploymentCoordination);
        Known.Date(Start, delivery.Today(meta), "The deployment window's start");
        Known.Date(End, Start, "The deployment window's end");
        var target = delivery.State.Milestones[(int)Milestone.DeploymentComplete].Target;
        var fits = target is null || End <= target;
        delivery.Change(s => s with
        {
            DeploymentWindow = new DeploymentWindow(
                Start, End, ConfirmedBy: meta.Actor, ConfirmedAt: meta.At, FitsSchedule: fits),
        });
        return fits
            ? $"Deployment window {Start:yyyy-MM-dd} to {End:yyyy-MM-dd} confirmed by {meta.Actor}; " +
                "it fits the schedule."
            : $"Deployment window {Start:yyyy-MM-dd} to {End:yyyy-MM-dd} confirmed by {meta.Actor}; " +
                $"it ends after the target ({target:yyyy-MM-dd}): the DM must update the timeline and tell the client.";
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
        delivery.SetActual(Milestone.DeploymentStart, delivery.Today(meta));
        return $"Deployment started ({delivery.Today(meta):yyyy-MM-dd}), recorded by {meta.Actor}.";
    }
}

/// <summary>Stage 5: an item of the deployment checklist done.</summary>
public sealed record TickDeploymentChecklist(string Item) : DeliveryCommand
{
    public override string Action => "tick-deployment-checklist";

    internal override string? AlreadyDecided(Delivery delivery)
        => DeploymentChecklist.Find(Item) is { } item && delivery.State.DeploymentChecklistDone.Contains(item)
            ? $"'{item}' is already ticked."
            : null;

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(meta, Role.DeploymentSpecialist, Role.DeliveryManager);
        delivery.RequireActive(Stage.DeploymentCoordination);
        var item = DeploymentChecklist.Find(Item)
            ?? throw new RuleViolation($"'{Item}' is not on the deployment checklist.");
        delivery.Change(s => s with { DeploymentChecklistDone = s.DeploymentChecklistDone.Add(item) });
        return $"Deployment checklist: '{item}' done ({meta.Actor}).";
    }
}
