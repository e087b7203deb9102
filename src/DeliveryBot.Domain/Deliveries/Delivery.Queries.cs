using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Domain.Deliveries;

/// <summary>Read-only views of the record derived from its state.</summary>
public sealed partial class Delivery
{
    public StatusUpdate? HandoverSent
        => State.StatusUpdates.Find(u => u.Type == CommunicationType.HandoverCommunication);

    /// <summary>The actual delivery date is the day the handover reached the client.</summary>
    public DateOnly? ActualDeliveryDate => State.Milestones[(int)Milestone.ClientHandover].Actual;

    public IReadOnlyList<MilestoneView> MilestoneViews(DateTimeOffset now)
    {
        var today = Calendar.LocalDate(now);
        return [.. State.Milestones.Select(m => View(m, today))];
    }

    public MilestoneView View(MilestoneEntry entry, DateOnly today)
    {
        if (entry.Skipped) return new(entry, MilestoneStatus.Skipped, 0);
        if (entry.Actual is { } actual)
            return entry.Target is { } t && actual > t
                ? new(entry, MilestoneStatus.DoneLate, Calendar.BusinessDaysBetween(t, actual))
                : new(entry, MilestoneStatus.Done, 0);
        if (entry.Target is not { } target) return new(entry, MilestoneStatus.NotScheduled, 0);
        if (today < target) return new(entry, MilestoneStatus.Upcoming, 0);
        if (today == target) return new(entry, MilestoneStatus.DueToday, 0);
        var late = Calendar.BusinessDaysBetween(target, today);
        return new(
            entry,
            late > entry.AcceptableDelayDays ? MilestoneStatus.BeyondAcceptableDelay : MilestoneStatus.Late,
            late);
    }
}
