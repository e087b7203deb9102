using DeliveryBot.Domain.Common;

namespace DeliveryBot.Domain.Calendar;

/// <summary>
/// The agreed client status-update cadence: every <see cref="EveryWeeks"/> weeks on <see cref="Day"/> at
/// <see cref="Time"/> in the delivery's (client's) time zone, counted from the week of <see cref="StartsOn"/>.
/// </summary>
public sealed record StatusUpdateCadence(DayOfWeek Day, TimeOnly Time, int EveryWeeks, DateOnly StartsOn)
{
    public static StatusUpdateCadence Weekly(DayOfWeek day, TimeOnly time, DateOnly startsOn)
        => new(day, time, 1, startsOn);

    public void Validate()
    {
        if (EveryWeeks is < 1 or > 8) throw new RuleViolation("The status-update cadence must be every 1 to 8 weeks.");
    }

    /// <summary>The first slot date on or after <see cref="StartsOn"/>.</summary>
    public DateOnly FirstSlot()
    {
        var offset = ((int)Day - (int)StartsOn.DayOfWeek + 7) % 7;
        return StartsOn.AddDays(offset);
    }

    /// <summary>The latest slot date on or before <paramref name="localDate"/>, or null before the first.</summary>
    public DateOnly? LatestSlotOnOrBefore(DateOnly localDate)
    {
        var first = FirstSlot();
        if (localDate < first) return null;
        var weeks = (localDate.DayNumber - first.DayNumber) / 7;
        return first.AddDays(weeks / EveryWeeks * EveryWeeks * 7);
    }

    public DateOnly NextSlotAfter(DateOnly slot) => slot.AddDays(7 * EveryWeeks);
}
