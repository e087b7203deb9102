using DeliveryBot.Domain.Calendar;
using DeliveryBot.Domain.Digest;

namespace DeliveryBot.Domain.Tests.Digest;

/// <summary>
/// When a reader's weekly digest is due: Monday 09:00 in their zone, across clock changes, the next working moment
/// after a holiday Monday, and named by ISO week so it goes once a week.
/// </summary>
public sealed class DigestScheduleTests
{
    private static BusinessCalendar In(string zone, params Holiday[] holidays)
        => new(new WorkingPattern { TimeZoneId = zone, Holidays = [.. holidays] });

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0, int year = 2026)
        => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void London_in_winter_is_due_from_monday_nine_utc_for_the_whole_week()
    {
        var london = In("Europe/London");

        Assert.Equal(Utc(3, 2, 9), DigestSchedule.DueAt(london, Utc(3, 4, 15)));
        Assert.False(DigestSchedule.IsDue(london, Utc(3, 2, 8, 59)));
        Assert.True(DigestSchedule.IsDue(london, Utc(3, 2, 9)));
        Assert.True(DigestSchedule.IsDue(london, Utc(3, 8, 23, 59)));
        Assert.Equal("2026-W10", DigestSchedule.Week(london, Utc(3, 2, 9)));
        Assert.Equal("2026-W10", DigestSchedule.Week(london, Utc(3, 8, 23, 59)));
        // the next Monday is a new week, not due before its own 09:00
        Assert.Equal("2026-W11", DigestSchedule.Week(london, Utc(3, 9, 8)));
        Assert.False(DigestSchedule.IsDue(london, Utc(3, 9, 8)));
    }

    [Fact]
    public void The_hour_stays_nine_local_across_a_clock_change()
    {
        // British Summer Time from Sunday 29 March 2026: Monday 30 March 09:00 is 08:00 UTC
        Assert.Equal(Utc(3, 30, 8), DigestSchedule.DueAt(In("Europe/London"), Utc(3, 30, 7)));
        // New York's clocks went forward on 8 March: 09:00 EDT on the 9th is 13:00 UTC, a week before 14:00 UTC
        var newYork = In("America/New_York");
        Assert.Equal(Utc(3, 2, 14), DigestSchedule.DueAt(newYork, Utc(3, 5, 12)));
        Assert.Equal(Utc(3, 9, 13), DigestSchedule.DueAt(newYork, Utc(3, 10, 12)));
    }

    [Fact]
    public void A_reader_ahead_of_utc_gets_it_on_their_monday_which_is_sunday_in_utc()
    {
        // Auckland in March is UTC+13: Monday 9 March 09:00 there is Sunday 8 March 20:00 UTC
        var auckland = In("Pacific/Auckland");

        Assert.Equal(Utc(3, 8, 20), DigestSchedule.DueAt(auckland, Utc(3, 8, 21)));
        Assert.True(DigestSchedule.IsDue(auckland, Utc(3, 8, 21)));
        Assert.Equal("2026-W11", DigestSchedule.Week(auckland, Utc(3, 8, 21)));
    }

    [Fact]
    public void A_holiday_monday_moves_it_to_the_next_working_moment()
    {
        // Easter Monday 6 April 2026: due Tuesday 09:00 BST, not on the Monday
        var london = In("Europe/London", new Holiday(new DateOnly(2026, 4, 6), "Easter Monday"));

        Assert.Equal(Utc(4, 7, 8), DigestSchedule.DueAt(london, Utc(4, 6, 12)));
        Assert.False(DigestSchedule.IsDue(london, Utc(4, 6, 12)));
        Assert.True(DigestSchedule.IsDue(london, Utc(4, 7, 8)));
        Assert.Equal("2026-W15", DigestSchedule.Week(london, Utc(4, 7, 8)));
    }

    [Fact]
    public void A_week_whose_working_days_start_on_sunday_is_due_on_monday_all_the_same()
    {
        var dubai = new BusinessCalendar(new WorkingPattern
        {
            TimeZoneId = "Asia/Dubai", WorkDays = WorkingPattern.SundayToThursday,
        });
        Assert.Equal(Utc(3, 2, 5), DigestSchedule.DueAt(dubai, Utc(3, 3, 5)));
        // a day that starts at 10:00 gets it at 10:00
        var late = new BusinessCalendar(new WorkingPattern { TimeZoneId = "UTC", DayStart = new TimeOnly(10, 0) });
        Assert.Equal(Utc(3, 2, 10), DigestSchedule.DueAt(late, Utc(3, 2, 9, 30)));
    }

    [Fact]
    public void The_week_is_the_iso_week_of_its_monday_across_the_new_year()
    {
        var utc = In("UTC");
        // 2026 has 53 ISO weeks: Monday 28 December 2026 to Sunday 3 January 2027 is 2026-W53
        Assert.Equal("2026-W53", DigestSchedule.Week(utc, Utc(12, 28, 10)));
        Assert.Equal("2026-W53", DigestSchedule.Week(utc, Utc(1, 3, 10, year: 2027)));
        Assert.Equal("2027-W01", DigestSchedule.Week(utc, Utc(1, 4, 10, year: 2027)));
        Assert.Equal(new DateOnly(2026, 12, 28), DigestSchedule.WeekStart(utc, Utc(1, 3, 10, year: 2027)));
    }
}
