using DeliveryBot.Domain.Calendar;

namespace DeliveryBot.Domain.Incidents;

/// <summary>
/// A target's length as the seed states it: minutes, hours or days. The unit matters on the business calendar,
/// where "5 days" is five working days and "24 hours" is 24 working hours (three 8-hour days), not the same thing.
/// </summary>
public readonly record struct TargetSpan(int Amount, TargetUnit Unit)
{
    public static TargetSpan Minutes(int amount) => new(amount, TargetUnit.Minutes);
    public static TargetSpan Hours(int amount) => new(amount, TargetUnit.Hours);
    public static TargetSpan Days(int amount) => new(amount, TargetUnit.Days);

    /// <summary>As elapsed time, for the wall clock.</summary>
    public TimeSpan Elapsed => Unit switch
    {
        TargetUnit.Minutes => TimeSpan.FromMinutes(Amount),
        TargetUnit.Hours => TimeSpan.FromHours(Amount),
        _ => TimeSpan.FromDays(Amount),
    };

    /// <summary>
    /// The instant this span after <paramref name="from"/> on <paramref name="clock"/>. The wall clock is plain UTC
    /// arithmetic, so a DST change neither adds nor takes an hour of the promise; the business calendar counts working
    /// days for days and working hours otherwise, from the next working moment.
    /// </summary>
    public DateTimeOffset After(DateTimeOffset from, IncidentClock clock, BusinessCalendar calendar)
        => clock == IncidentClock.Wall ? from.ToUniversalTime() + Elapsed
            : Unit == TargetUnit.Days ? calendar.AddBusinessDays(from, Amount)
            : calendar.AddBusinessHours(from, Elapsed);

    public override string ToString() => Unit switch
    {
        TargetUnit.Minutes => $"{Amount} min",
        TargetUnit.Hours => $"{Amount} h",
        _ => Amount == 1 ? "1 day" : $"{Amount} days",
    };
}

public enum TargetUnit { Minutes, Hours, Days }
