using System.Globalization;
using DeliveryBot.Domain.Calendar;

namespace DeliveryBot.Domain.Digest;

/// <summary>
/// When a reader's weekly digest is due: Monday 09:00 in their time zone, or, when that is not a working moment on
/// their business calendar (a holiday Monday, a week that starts on Sunday elsewhere, a day that starts later), the
/// next working moment after it. Once per ISO week: the week is named by the Monday's ISO year and week number, so the
/// same week keeps the same name whichever instant of it is asked about.
/// </summary>
public static class DigestSchedule
{
    /// <summary>The local time the digest is meant for on the Monday.</summary>
    public static readonly TimeOnly MondayAt = new(9, 0);

    /// <summary>
    /// The Monday starting the ISO week (Monday to Sunday) that <paramref name="now"/> falls in, locally.
    /// </summary>
    public static DateOnly WeekStart(BusinessCalendar calendar, DateTimeOffset now)
    {
        var today = calendar.LocalDate(now);
        return today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
    }

    /// <summary>
    /// The moment this week's digest is due for a reader on <paramref name="calendar"/>, the week being the one
    /// <paramref name="now"/> falls in, in the reader's zone.
    /// </summary>
    public static DateTimeOffset DueAt(BusinessCalendar calendar, DateTimeOffset now)
    {
        var monday = calendar.ToInstant(WeekStart(calendar, now), MondayAt);
        return calendar.IsWorkingMoment(monday) ? monday : calendar.NextWorkingMoment(monday);
    }

    /// <summary>Whether this week's digest is due at <paramref name="now"/>: its moment has come.</summary>
    public static bool IsDue(BusinessCalendar calendar, DateTimeOffset now) => DueAt(calendar, now) <= now;

    /// <summary>"2026-W10": the ISO week <paramref name="now"/> falls in, in the reader's zone.</summary>
    public static string Week(BusinessCalendar calendar, DateTimeOffset now)
    {
        var monday = WeekStart(calendar, now).ToDateTime(TimeOnly.MinValue);
        return string.Create(CultureInfo.InvariantCulture,
            $"{ISOWeek.GetYear(monday)}-W{ISOWeek.GetWeekOfYear(monday):D2}");
    }
}
