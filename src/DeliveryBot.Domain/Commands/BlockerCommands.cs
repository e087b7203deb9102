using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;

namespace DeliveryBot.Domain.Commands;

/// <summary>
/// A blocker (or deployment issue) raised in the stage under way, with its assessed impact: in words, and which
/// milestone it delays by how many business days.
/// </summary>
public sealed record RaiseBlocker(
    string Description, string? Impact = null, Milestone? Delays = null, int? DelayDays = null) : DeliveryCommand
{
    /// <summary>A delay longer than a working year is a typo, not an assessment.</summary>
    public const int MaxDelayDays = 250;

    public override string Action => "raise-blocker";

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(
            meta, Role.DeliveryManager, Role.ProductionLineArchitect, Role.DeploymentSpecialist, Role.QaEngineer);
        if (Delays is { } milestone)
        {
            Known.Value(milestone, "milestone");
            if (DelayDays is not (>= 1 and <= MaxDelayDays))
                throw new RuleViolation($"Say by how many business days (1 to {MaxDelayDays}) it delays "
                    + $"{milestone.Title()}.");
            if (delivery.State.Milestones[(int)milestone].Actual is { } reached)
                throw new RuleViolation($"{milestone.Title()} was already reached on {reached:yyyy-MM-dd}.");
        }
        else if (DelayDays is not null)
        {
            throw new RuleViolation("Say which milestone it delays.");
        }
        var blocker = delivery.AddBlocker(
            UserText.Required(Description, "The blocker", UserText.Paragraph),
            UserText.Optional(Impact, "The impact", UserText.Paragraph),
            meta,
            Delays,
            DelayDays,
            ownEntry: true);
        var delays = blocker.DelayText is { } d ? $" It delays {d}." : "";
        return $"Blocker {blocker.Id} raised by {meta.Actor} in stage {(int)blocker.Stage}: {blocker.Description}."
            + delays;
    }
}

/// <summary>
/// A blocker resolved, with how: by whoever raised it, the Delivery Manager or the Production Line Architect (the
/// Deployment Specialist too for a deployment issue). The gate it held can then be decided.
/// </summary>
public sealed record ResolveBlocker(string BlockerId, string Resolution) : DeliveryCommand
{
    public override string Action => "resolve-blocker";

    internal override string? AlreadyDecided(Delivery delivery)
        => delivery.FindBlocker(BlockerId) is { IsOpen: false } b
            ? $"Blocker {b.Id} was already resolved: {b.Resolution}"
            : null;

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        var blocker = delivery.FindBlocker(BlockerId)
            ?? throw new RuleViolation($"There is no blocker {BlockerId} on delivery {delivery.Id}.");
        if (!blocker.RaisedBy.IsSameAs(meta.Actor))
            delivery.Require(meta, [.. Delivery.BlockerResolverRoles(blocker)]);
        var resolved = blocker with
        {
            Resolution = UserText.Required(Resolution, "The resolution", UserText.Paragraph),
            ResolvedAt = meta.At,
            ResolvedBy = meta.Actor,
        };
        delivery.Change(s => s with { Blockers = s.Blockers.Replace(blocker, resolved) });
        delivery.Raise(
            new BlockerResolved(blocker.Id, $"Blocker {blocker.Id} resolved by {meta.Actor}: {resolved.Resolution}"));
        return $"Blocker {blocker.Id} resolved by {meta.Actor}: {resolved.Resolution}";
    }
}
