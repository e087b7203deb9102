using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using DeliveryBot.Domain.Common;

namespace DeliveryBot.Domain.Calendar;

/// <summary>
/// Business time in one time zone: working days and hours, holidays, "N business hours/days after",
/// and the next working moment. Every local time is turned into an instant per date, so a schedule
/// stays at the same wall-clock hour across DST changes.
/// </summary>
public sealed class BusinessCalendar
{
    /// <summary>One bit per <see cref="DayOfWeek"/> worked.</summary>
    private readonly int _workDays;
    private readonly int _workDaysPerWeek;

    /// <summary>
    /// The holidays that fall on a day of the week worked, each once, in order: a holiday on any other day changes no
    /// count and no answer.
    /// </summary>
    private readonly DateOnly[] _holidaysOnWorkingWeekdays;

    public BusinessCalendar(WorkingPattern pattern)
    {
        Pattern = pattern;
        Zone = FindZone(pattern.TimeZoneId);
        if (pattern.DayEnd <= pattern.DayStart) throw new RuleViolation("The working day must end after it starts.");
        if (pattern.WorkDays.IsDefaultOrEmpty) throw new RuleViolation("At least one working day is needed.");
        foreach (var day in pattern.WorkDays)
            if (day is >= DayOfWeek.Sunday and <= DayOfWeek.Saturday) _workDays |= 1 << (int)day;
        _workDaysPerWeek = System.Numerics.BitOperations.PopCount((uint)_workDays);
        _holidaysOnWorkingWeekdays =
            [.. pattern.Holidays.Select(h => h.Date).Where(d => IsWorkingWeekday(d.DayOfWeek)).Distinct().Order()];
    }

    /// <summary>
    /// The calendar of <paramref name="pattern"/>, made once for as long as the pattern lives. A command's new state
    /// keeps its settings, and so its pattern, as they were: every state of a record shares one calendar instead of
    /// working out its working days and holidays again (a click makes one or two states).
    /// </summary>
    public static BusinessCalendar Of(WorkingPattern pattern) => OfPattern.GetValue(pattern, p => new(p));

    private static readonly ConditionalWeakTable<WorkingPattern, BusinessCalendar> OfPattern = new();

    public WorkingPattern Pattern { get; }
    public TimeZoneInfo Zone { get; }

    /// <summary>
    /// The zones found so far (a few hundred exist at most). The runtime keeps its own cache, but behind one lock that
    /// every click's calendar took, and that was contended.
    /// </summary>
    private static readonly ConcurrentDictionary<string, TimeZoneInfo> Zones = new(StringComparer.Ordinal);

    public static TimeZoneInfo FindZone(string timeZoneId)
    {
        if (Zones.TryGetValue(timeZoneId, out var found)) return found;
        try { return Zones.GetOrAdd(timeZoneId, TimeZoneInfo.FindSystemTimeZoneById(timeZoneId)); }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new RuleViolation(
                $"'{timeZoneId}' is not a known time zone (use an IANA name such as Europe/London).");
        }
    }

    public static bool IsKnownZone(string timeZoneId) => TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out _);

    public DateTime Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone).DateTime;
    public DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(Local(instant));

    public bool IsWorkingDay(DateOnly date)
        => IsWorkingWeekday(date.DayOfWeek) && Array.BinarySearch(_holidaysOnWorkingWeekdays, date) < 0;

    private bool IsWorkingWeekday(DayOfWeek day) => (_workDays & (1 << (int)day)) != 0;

    public bool IsWorkingMoment(DateTimeOffset instant)
    {
        var local = Local(instant);
        var time = TimeOnly.FromDateTime(local);
        return IsWorkingDay(DateOnly.FromDateTime(local)) && time >= Pattern.DayStart && time < Pattern.DayEnd;
    }

    /// <summary>The instant itself if it is within working hours, else the start of the next working period.</summary>
    public DateTimeOffset NextWorkingMoment(DateTimeOffset instant)
    {
        var local = Local(instant);
        var date = DateOnly.FromDateTime(local);
        var time = TimeOnly.FromDateTime(local);
        if (IsWorkingDay(date))
        {
            if (time < Pattern.DayStart) return StartOf(date);
            if (time < Pattern.DayEnd) return instant;
        }
        return StartOf(NextWorkingDay(date));
    }

    public DateTimeOffset StartOf(DateOnly date) => ToInstant(date, Pattern.DayStart);
    public DateTimeOffset EndOf(DateOnly date) => ToInstant(date, Pattern.DayEnd);

    /// <summary>
    /// The longest stretch of days without a working day the calendar may hold (a long leave, not a closed business).
    /// </summary>
    public const int LongestPause = 180;

    /// <summary>
    /// Refuses holidays that leave no working day for more than <see cref="LongestPause"/> days: every reminder
    /// would wait past them, and a calendar with no working day within a year cannot place a reminder at all.
    /// Holidays are few and dated, so past the last of them the working week alone decides, and only their span
    /// needs looking at.
    /// </summary>
    public void RequireWorkingDays()
    {
        if (Pattern.Holidays.Count == 0) return;
        var pause = 0;
        for (var day = Pattern.Holidays.Min(h => h.Date).AddDays(-7);
             day <= Pattern.Holidays.Max(h => h.Date).AddDays(7);
             day = day.AddDays(1))
        {
            pause = IsWorkingDay(day) ? 0 : pause + 1;
            if (pause > LongestPause)
                throw new RuleViolation(
                    $"These holidays leave no working day for more than {LongestPause} days " +
                    $"(from {day.AddDays(1 - pause):yyyy-MM-dd}): " +
                    "reminders could never be placed. Remove some of them, or add a working day.");
        }
    }

    public DateOnly NextWorkingDay(DateOnly after)
    {
        var day = after.AddDays(1);
        for (var guard = 0; !IsWorkingDay(day); guard++, day = day.AddDays(1))
            if (guard > 366) throw new RuleViolation("The calendar has no working day within a year.");
        return day;
    }

    /// <summary>
    /// The working day <paramref name="days"/> business days after <paramref name="date"/> (0: the date itself).
    /// </summary>
    public DateOnly AddBusinessDays(DateOnly date, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        for (var i = 0; i < days; i++) date = NextWorkingDay(date);
        return date;
    }

    /// <summary>Same local time-of-day (clamped into working hours), N business days later.</summary>
    public DateTimeOffset AddBusinessDays(DateTimeOffset instant, int days)
    {
        var start = NextWorkingMoment(instant);
        var local = Local(start);
        return ToInstant(AddBusinessDays(DateOnly.FromDateTime(local), days), TimeOnly.FromDateTime(local));
    }

    /// <summary>
    /// Working days after <paramref name="from"/> up to and including <paramref name="to"/>; 0 if to ≤ from.
    /// </summary>
    /// <remarks>
    /// Counted, not walked: a milestone a year late is measured on every status card and in every metric, and a walk
    /// day by day cost a click hundreds of look-ups. Every whole week holds the same working weekdays; the days left
    /// over are looked at one by one (six at most), and the holidays in the span that fall on a working weekday are
    /// taken off.
    /// </remarks>
    public int BusinessDaysBetween(DateOnly from, DateOnly to)
    {
        var days = to.DayNumber - from.DayNumber;
        if (days <= 0) return 0;
        var wholeWeeks = days / 7;
        var count = wholeWeeks * _workDaysPerWeek;
        for (var day = from.AddDays(wholeWeeks * 7 + 1); day <= to; day = day.AddDays(1))
            if (IsWorkingWeekday(day.DayOfWeek)) count++;
        return count - (HolidaysOnWorkingWeekdaysUpTo(to) - HolidaysOnWorkingWeekdaysUpTo(from));
    }

    /// <summary>How many holidays on a working weekday fall on or before <paramref name="date"/>.</summary>
    private int HolidaysOnWorkingWeekdaysUpTo(DateOnly date)
    {
        var at = Array.BinarySearch(_holidaysOnWorkingWeekdays, date);
        return at >= 0 ? at + 1 : ~at;
    }

    /// <summary>
    /// The instant when <paramref name="duration"/> of working time has passed after <paramref name="from"/>.
    /// </summary>
    public DateTimeOffset AddBusinessHours(DateTimeOffset from, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        var cursor = NextWorkingMoment(from);
        var remaining = duration;
        while (true)
        {
            var date = LocalDate(cursor);
            var available = EndOf(date) - cursor;
            if (remaining <= available) return cursor + remaining;
            remaining -= available;
            cursor = StartOf(NextWorkingDay(date));
        }
    }

    /// <summary>
    /// A wall-clock time on a date as an instant. In a spring-forward gap the time moves forward by the
    /// gap; in a fall-back overlap the first occurrence is taken, so nothing fires twice.
    /// </summary>
    public DateTimeOffset ToInstant(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(local))
        {
            var before = Zone.GetUtcOffset(local.AddHours(-3));
            var after = Zone.GetUtcOffset(local.AddHours(3));
            local = local + (after - before);
        }
        var offset = Zone.IsAmbiguousTime(local) ? Zone.GetAmbiguousTimeOffsets(local).Max() : Zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}
