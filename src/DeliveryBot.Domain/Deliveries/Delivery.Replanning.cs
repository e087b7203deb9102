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
        var upTo = State.RevisedScheduleAcknowledgements
            .Where(a => a.Role == role)
            .Select(a => a.UpToMove)
            .DefaultIfEmpty(0)
            .Max();
        return State.MilestoneMoves.FirstOrDefault(m => m.NeedsAcknowledgement && m.Number > upTo);
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
}
