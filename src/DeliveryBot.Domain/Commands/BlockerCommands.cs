using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;

namespace DeliveryBot.Domain.Commands;

/// <summary>A blocker (or deployment issue) raised in the stage under way, with its assessed impact.</summary>
public sealed record RaiseBlocker(string Description, string? Impact = null) : DeliveryCommand
{
    public override string Action => "raise-blocker";

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(
            meta, Role.DeliveryManager, Role.ProductionLineArchitect, Role.DeploymentSpecialist, Role.QaEngineer);
        var blocker = delivery.AddBlocker(
            UserText.Required(Description, "The blocker", UserText.Paragraph),
            UserText.Optional(Impact, "The impact", UserText.Paragraph),
            meta);
        return $"Blocker {blocker.Id} raised by {meta.Actor} in stage {(int)blocker.Stage}: {blocker.Description}";
    }
}

/// <summary>A blocker resolved with the blocking party.</summary>
public sealed record ResolveBlocker(string BlockerId, string Resolution) : DeliveryCommand
{
    public override string Action => "resolve-blocker";

    internal override string? AlreadyDecided(Delivery delivery)
        => delivery.FindBlocker(BlockerId) is { IsOpen: false } b
            ? $"Blocker {b.Id} was already resolved: {b.Resolution}"
            : null;

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(meta, Role.DeliveryManager, Role.ProductionLineArchitect, Role.DeploymentSpecialist);
        var blocker = delivery.FindBlocker(BlockerId)
            ?? throw new RuleViolation($"There is no blocker {BlockerId} on delivery {delivery.Id}.");
        var resolved = blocker with
        {
            Resolution = UserText.Required(Resolution, "The resolution", UserText.Paragraph),
            ResolvedAt = meta.At,
        };
        delivery.Change(s => s with { Blockers = s.Blockers.Replace(blocker, resolved) });
        return $"Blocker {blocker.Id} resolved by {meta.Actor}: {resolved.Resolution}";
    }
}
