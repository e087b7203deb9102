using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;

namespace DeliveryBot.Domain.Deliveries;

/// <summary>
/// Re-planning after stage 2: who acknowledges a revised schedule, and the delay notice offered to the DM.
/// </summary>
public sealed partial class Delivery
{
    /// <summary>
    /// The roles whose acknowledgement covered the schedule's dates (stage 2's two schedule checks): a move after stage
    /// 2 asks them again.
    /// </summary>
    public static readonly IReadOnlyList<Role> ScheduleAcknowledgers =
        [Checks.ScheduleAcknowledgedByPla.Role, Checks.ScheduleAcknowledgedByDeployment.Role];

    /// <summary>The first move <paramref name="role"/> has not acknowledged yet; null when it owes nothing.</summary>
    public MilestoneMove? UnacknowledgedMove(Role role)
    {
        // loops, not LINQ: asked for each schedule acknowledger whenever what a role owes is worked out
        var upTo = 0;
        foreach (var a in State.RevisedScheduleAcknowledgements)
            if (a.Role == role) upTo = Math.Max(upTo, a.UpToMove);
        foreach (var move in State.MilestoneMoves)
            if (move.NeedsAcknowledgement && move.Number > upTo) return move;
        return null;
    }

    /// <summary>The last acknowledgement of the revised schedule by <paramref name="role"/>, if any.</summary>
    public RevisedScheduleAcknowledgement? LastRevisedScheduleAcknowledgement(Role role)
        => State.RevisedScheduleAcknowledgements.LastOrDefault(a => a.Role == role);

    /// <summary>
    /// Offers the DM (or whoever stands in for them now) the delay notice for <paramref name="cause"/>: the fan-out
    /// sends it once per cause and person.
    /// </summary>
    internal void OfferDelayNotice(string cause, string why, CommandMeta meta)
    {
        foreach (var dm in ActorsFor(Role.DeliveryManager, meta.At))
            Raise(new DelayNoticeDue(cause, dm, $"A delay notice to the client is due: {why}"));
    }

    /// <summary>
    /// Refuses a move that cannot hold: the milestone reached or skipped, the date not a planned one, already the
    /// target, or past.
    /// </summary>
    internal void CheckMove(Milestone milestone, DateOnly newTarget, CommandMeta meta)
    {
        var title = milestone.Title();
        Known.Date(newTarget, State.IntakeDate, $"The new {title} target");
        var entry = State.Milestones[(int)milestone];
        if (entry.Actual is not null)
            throw new RuleViolation($"{title} was already reached on {entry.Actual:yyyy-MM-dd}.");
        if (entry.Skipped) throw new RuleViolation($"{title} was skipped.");
        if (entry.Target == newTarget)
            throw new RuleViolation($"{title} is already planned for {newTarget:yyyy-MM-dd}.");
        var today = Today(meta);
        if (newTarget < today)
            throw new RuleViolation(
                $"The new {title} target ({newTarget:yyyy-MM-dd}) is in the past; today is {today:yyyy-MM-dd}.");
    }

    /// <summary>
    /// A milestone's target moves, with the reason: the one way a date moves after planning (`replan`, an approved
    /// change request). The planned baseline is kept and every move is recorded (from, to, reason, who, when). During
    /// stage 2 the schedule acknowledgements are withdrawn; after it, the Production Line Architect and the Deployment
    /// Specialist owe an acknowledgement of the revised schedule. A slip, or any move of the client's handover date,
    /// offers the DM the delay notice. Returns what happened, in words.
    /// </summary>
    internal string MoveMilestone(Milestone milestone, DateOnly newTarget, string reason, CommandMeta meta)
    {
        CheckMove(milestone, newTarget, meta);
        var title = milestone.Title();
        var entry = State.Milestones[(int)milestone];
        var planned = State.Schedule?.Targets().Any(t => t.Milestone == milestone) == true;
        var move = new MilestoneMove(
            Number: State.MilestoneMoves.Count + 1,
            milestone,
            From: entry.Target,
            To: newTarget,
            reason,
            By: meta.Actor,
            At: meta.At,
            NeedsAcknowledgement: planned && Progress(Stage.DeliveryPlanning).State == StageState.Passed);
        Change(s => s with
        {
            Milestones = s.Milestones.SetItem((int)milestone, entry with { Target = newTarget }),
            MilestoneMoves = s.MilestoneMoves.Add(move),
        });
        if (IsActive(Stage.DeliveryPlanning))
            Withdraw(
                [Checks.ScheduleAcknowledgedByPla, Checks.ScheduleAcknowledgedByDeployment],
                meta,
                "the schedule changed");
        var from = entry.Target is { } old ? $" from {old:yyyy-MM-dd}" : "";
        if (milestone == Milestone.ClientHandover || newTarget > entry.Target)
            OfferDelayNotice($"move:{move.Number}", $"{title} moved{from} to {newTarget:yyyy-MM-dd} ({reason})", meta);
        var asked = move.NeedsAcknowledgement
            ? " The Production Line Architect and the Deployment Specialist are asked to acknowledge the revised " +
                "schedule."
            : "";
        return $"{title} moved{from} to {newTarget:yyyy-MM-dd}: {reason}."
            + $"{OutOfOrder(milestone, newTarget)}{Late(milestone, newTarget)}{asked}";
    }

    /// <summary>A neighbouring milestone still to come that the new date now puts out of lifecycle order.</summary>
    private string OutOfOrder(Milestone milestone, DateOnly newTarget)
    {
        var pending = State.Milestones
            .Where(m => m.Target is not null && m.Actual is null && !m.Skipped && m.Milestone != milestone)
            .ToList();
        var before = pending.LastOrDefault(m => m.Milestone < milestone && m.Target > newTarget);
        var after = pending.FirstOrDefault(m => m.Milestone > milestone && m.Target < newTarget);
        return (before ?? after) is { } other
            ? $" Note: {other.Milestone.Title()} ({other.Target:yyyy-MM-dd}) is now out of order with it; " +
                "move it too."
            : "";
    }

    private string Late(Milestone milestone, DateOnly newTarget)
        => milestone == Milestone.ClientHandover
            && State.AgreedDeliveryDate is { } agreed
            && newTarget > agreed
                ? $" Note: it is after the agreed delivery date ({agreed:yyyy-MM-dd})."
                : "";
}
