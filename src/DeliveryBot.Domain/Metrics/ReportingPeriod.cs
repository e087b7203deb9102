using DeliveryBot.Domain.Calendar;
using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Service;

namespace DeliveryBot.Domain.Metrics;

/// <summary>
/// A calendar month in a reader's time zone, the period the metrics are counted over: an instant belongs to it when it
/// falls between the first midnight of the month and the next month's there; a date of a record (a milestone's actual
/// date, kept in the delivery's own zone) when it is a day of the month.
/// </summary>
public sealed record ReportingPeriod
{
    public ReportingPeriod(int year, int month, string timeZoneId)
    {
        if (year is < 2000 or > 9998 || month is < 1 or > 12)
            throw new RuleViolation($"{year:D4}-{month:D2} is not a month the metrics can be counted for.");
        var zone = BusinessCalendar.FindZone(timeZoneId);
        (Year, Month, TimeZoneId) = (year, month, timeZoneId);
        FirstDay = new DateOnly(year, month, 1);
        Interval = new Interval(Midnight(FirstDay, zone), Midnight(FirstDay.AddMonths(1), zone));
    }

    public int Year { get; }
    public int Month { get; }
    public string TimeZoneId { get; }
    public DateOnly FirstDay { get; }
    public DateOnly LastDay => FirstDay.AddMonths(1).AddDays(-1);
    public Interval Interval { get; }

    /// <summary>The month's length in weeks (4.43 for 31 days), for the figures counted per week.</summary>
    public double Weeks => (LastDay.DayNumber - FirstDay.DayNumber + 1) / 7.0;

    public ReportingPeriod Previous
        => new(FirstDay.AddMonths(-1).Year, FirstDay.AddMonths(-1).Month, TimeZoneId);

    /// <summary>The month that <paramref name="now"/> falls in, in <paramref name="timeZoneId"/>.</summary>
    public static ReportingPeriod Containing(DateTimeOffset now, string timeZoneId)
    {
        var local = TimeZoneInfo.ConvertTime(now, BusinessCalendar.FindZone(timeZoneId));
        return new ReportingPeriod(local.Year, local.Month, timeZoneId);
    }

    public bool Contains(DateTimeOffset instant) => instant >= Interval.Start && instant < Interval.End;

    public bool Contains(DateOnly date) => date >= FirstDay && date <= LastDay;

    /// <summary>"March 2026".</summary>
    public override string ToString()
        => FirstDay.ToString("MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Midnight of a day in the zone; where a clock change skips midnight, the day's first moment.</summary>
    private static DateTimeOffset Midnight(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(15);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
