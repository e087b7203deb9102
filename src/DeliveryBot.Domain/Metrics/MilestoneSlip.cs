using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Milestones;

namespace DeliveryBot.Domain.Metrics;

/// <summary>
/// A milestone's slip in business days on the delivery's calendar: actual − target (negative when early), or, past
/// its target and not reached, the slip so far (<see cref="StillRunning"/>).
/// </summary>
public sealed record MilestoneSlip(Milestone Milestone, DateOnly Target, DateOnly? Actual, int BusinessDays)
{
    public bool StillRunning => Actual is null;

    internal static MilestoneSlip? Of(Delivery delivery, MilestoneEntry entry, DateOnly today)
    {
        if (entry.Skipped || entry.Target is not { } target) return null;
        var calendar = delivery.Calendar;
        if (entry.Actual is { } actual)
            return new(entry.Milestone, target, actual, actual >= target
                ? calendar.BusinessDaysBetween(target, actual)
                : -calendar.BusinessDaysBetween(actual, target));
        return today > target ? new(entry.Milestone, target, null, calendar.BusinessDaysBetween(target, today)) : null;
    }
}
