using DeliveryBot.Domain.Calendar;
using DeliveryBot.Domain.Common;

namespace DeliveryBot.Domain.Tests.Calendar;

public sealed class BusinessCalendarTests
{
    private static BusinessCalendar In(string zone, params Holiday[] holidays)
        => new(new WorkingPattern { TimeZoneId = zone, Holidays = [.. holidays] });

    private static DateTimeOffset Utc(int y, int mo, int d, int h, int mi = 0)
        => new(y, mo, d, h, mi, 0, TimeSpan.Zero);

    [Theory]
    // London: GMT before 29 March 2026, BST after; BST before 25 October, GMT after.
    [InlineData("Europe/London", "2026-03-27", "2026-03-27T09:00Z")]
    [InlineData("Europe/London", "2026-03-30", "2026-03-30T08:00Z")]
    [InlineData("Europe/London", "2026-10-23", "2026-10-23T08:00Z")]
    [InlineData("Europe/London", "2026-10-26", "2026-10-26T09:00Z")]
    // New York: EST before 8 March 2026, EDT after; EDT before 1 November, EST after.
    [InlineData("America/New_York", "2026-03-06", "2026-03-06T14:00Z")]
    [InlineData("America/New_York", "2026-03-09", "2026-03-09T13:00Z")]
    [InlineData("America/New_York", "2026-10-30", "2026-10-30T13:00Z")]
    [InlineData("America/New_York", "2026-11-02", "2026-11-02T14:00Z")]
    // Kolkata has no DST: 09:00 IST is 03:30 UTC on both sides of the others' changes.
    [InlineData("Asia/Kolkata", "2026-03-06", "2026-03-06T03:30Z")]
    [InlineData("Asia/Kolkata", "2026-03-30", "2026-03-30T03:30Z")]
    [InlineData("Asia/Kolkata", "2026-10-26", "2026-10-26T03:30Z")]
    [InlineData("Asia/Kolkata", "2026-11-02", "2026-11-02T03:30Z")]
    public void The_working_day_starts_at_0900_local_on_both_sides_of_a_dst_change(
        string zone, string date, string expected)
        => Assert.Equal(
            DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            In(zone).StartOf(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void After_hours_on_the_friday_before_spring_forward_waits_for_monday_in_summer_time()
        => Assert.Equal(Utc(2026, 3, 30, 8), In("Europe/London").NextWorkingMoment(Utc(2026, 3, 27, 17, 30)));

    [Fact]
    public void Business_hours_carry_over_the_weekend_and_the_dst_change()
    {
        var london = In("Europe/London");

        // Friday 15:00 GMT + 8 working hours: 2 on Friday, 6 on Monday from 09:00 BST -> 15:00 BST.
        Assert.Equal(Utc(2026, 3, 30, 14), london.AddBusinessHours(Utc(2026, 3, 27, 15), TimeSpan.FromHours(8)));
        // New York across its own change: Friday 6 March 16:00 EST + 3h -> Monday 11:00 EDT.
        Assert.Equal(
            Utc(2026, 3, 9, 15), In("America/New_York").AddBusinessHours(Utc(2026, 3, 6, 21), TimeSpan.FromHours(3)));
    }

    [Fact]
    public void Business_hours_from_a_night_start_at_the_next_working_moment()
    {
        var kolkata = In("Asia/Kolkata");

        Assert.Equal(Utc(2026, 3, 30, 3, 30), kolkata.AddBusinessHours(Utc(2026, 3, 28, 12), TimeSpan.Zero));
        Assert.Equal(Utc(2026, 3, 30, 4, 30), kolkata.AddBusinessHours(Utc(2026, 3, 28, 12), TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Business_hours_land_at_end_of_day_exactly_when_they_fill_it()
        => Assert.Equal(
            Utc(2026, 3, 2, 17), In("Europe/London").AddBusinessHours(Utc(2026, 3, 2, 9), TimeSpan.FromHours(8)));

    [Fact]
    public void A_time_in_the_spring_gap_moves_forward_and_an_overlapping_time_takes_its_first_occurrence()
    {
        var london = In("Europe/London");
        Assert.Equal(Utc(2026, 3, 29, 1, 30), london.ToInstant(new(2026, 3, 29), new(1, 30)));   // 02:30 BST
        Assert.Equal(Utc(2026, 10, 25, 0, 30), london.ToInstant(new(2026, 10, 25), new(1, 30))); // first 01:30, BST

        var newYork = In("America/New_York");
        Assert.Equal(Utc(2026, 3, 8, 7, 30), newYork.ToInstant(new(2026, 3, 8), new(2, 30)));    // 03:30 EDT
        Assert.Equal(Utc(2026, 11, 1, 5, 30), newYork.ToInstant(new(2026, 11, 1), new(1, 30)));  // first 01:30, EDT
    }

    [Fact]
    public void A_sunday_to_thursday_week_works_sundays_and_rests_fridays()
    {
        var riyadh = new BusinessCalendar(
            new WorkingPattern { TimeZoneId = "Asia/Riyadh", WorkDays = WorkingPattern.SundayToThursday });

        Assert.True(riyadh.IsWorkingDay(new(2026, 3, 1)));   // Sunday
        Assert.False(riyadh.IsWorkingDay(new(2026, 3, 6)));  // Friday
        Assert.False(riyadh.IsWorkingDay(new(2026, 3, 7)));  // Saturday
        Assert.Equal(new DateOnly(2026, 3, 8), riyadh.AddBusinessDays(new DateOnly(2026, 3, 5), 1)); // Thu -> Sun
        // Thursday 17:00 Riyadh (14:00Z) -> Sunday 09:00 Riyadh (06:00Z).
        Assert.Equal(Utc(2026, 3, 8, 6), riyadh.NextWorkingMoment(Utc(2026, 3, 5, 14)));
    }

    [Fact]
    public void Holidays_are_not_business_days()
    {
        var london = In(
            "Europe/London",
            new Holiday(new(2026, 12, 25), "Christmas Day"),
            new Holiday(new(2026, 12, 28), "Boxing Day (substitute)"));

        Assert.Equal(new DateOnly(2026, 12, 29), london.AddBusinessDays(new DateOnly(2026, 12, 24), 1));
        Assert.Equal(1, london.BusinessDaysBetween(new(2026, 12, 24), new(2026, 12, 29)));
        Assert.Equal(Utc(2026, 12, 29, 9), london.NextWorkingMoment(Utc(2026, 12, 24, 18)));
    }

    [Fact]
    public void Working_hours_include_the_start_and_exclude_the_end()
    {
        var london = In("Europe/London");

        Assert.True(london.IsWorkingMoment(Utc(2026, 3, 2, 9)));
        Assert.False(london.IsWorkingMoment(Utc(2026, 3, 2, 8, 59)));
        Assert.False(london.IsWorkingMoment(Utc(2026, 3, 2, 17)));
        Assert.False(london.IsWorkingMoment(Utc(2026, 3, 7, 12))); // Saturday
    }

    [Fact]
    public void Business_days_between_counts_working_days_after_the_first_up_to_the_last()
    {
        var london = In("Europe/London");

        Assert.Equal(0, london.BusinessDaysBetween(new(2026, 3, 6), new(2026, 3, 8)));  // Fri -> Sun
        Assert.Equal(1, london.BusinessDaysBetween(new(2026, 3, 6), new(2026, 3, 9)));  // Fri -> Mon
        Assert.Equal(5, london.BusinessDaysBetween(new(2026, 3, 2), new(2026, 3, 9)));
        Assert.Equal(0, london.BusinessDaysBetween(new(2026, 3, 9), new(2026, 3, 2)));
    }

    [Fact]
    public void Business_days_after_an_instant_keep_the_local_time_across_dst()
        // Fri 14:00 GMT -> Mon 14:00 BST
        => Assert.Equal(Utc(2026, 3, 30, 13), In("Europe/London").AddBusinessDays(Utc(2026, 3, 27, 14), 1));

    [Fact]
    public void Impossible_patterns_are_refused()
    {
        Assert.Throws<RuleViolation>(() => new BusinessCalendar(
            new WorkingPattern { TimeZoneId = "Europe/London", DayStart = new(17, 0), DayEnd = new(9, 0) }));
        Assert.Throws<RuleViolation>(() => new BusinessCalendar(
            new WorkingPattern { TimeZoneId = "Europe/London", WorkDays = [] }));
        Assert.Throws<RuleViolation>(() => In("Not/AZone"));
    }

    [Fact]
    public void Cadence_slots_follow_the_interval_from_the_first_slot()
    {
        // a Wednesday
        var fortnightly = new StatusUpdateCadence(DayOfWeek.Monday, new(10, 0), 2, new DateOnly(2026, 3, 4));

        Assert.Equal(new DateOnly(2026, 3, 9), fortnightly.FirstSlot());
        Assert.Null(fortnightly.LatestSlotOnOrBefore(new(2026, 3, 8)));
        Assert.Equal(new DateOnly(2026, 3, 9), fortnightly.LatestSlotOnOrBefore(new(2026, 3, 22)));
        Assert.Equal(new DateOnly(2026, 3, 23), fortnightly.LatestSlotOnOrBefore(new(2026, 3, 23)));
        Assert.Equal(new DateOnly(2026, 4, 6), fortnightly.NextSlotAfter(new(2026, 3, 23)));
        Assert.Throws<RuleViolation>(() => (fortnightly with { EveryWeeks = 0 }).Validate());
    }

    [Fact]
    public void Holidays_that_leave_no_working_day_for_half_a_year_are_refused()
    {
        var fridays = Enumerable.Range(0, 54)
            .Select(i => new Holiday(new DateOnly(2026, 12, 4).AddDays(7 * i), $"Friday {i}"))
            .ToList();
        var onlyFridays = new WorkingPattern
        {
            TimeZoneId = "Europe/London",
            WorkDays = [DayOfWeek.Friday],
            Holidays = [.. fridays],
        };

        var refused = Assert.Throws<DeliveryBot.Domain.Common.RuleViolation>(
            () => new BusinessCalendar(onlyFridays).RequireWorkingDays());

        Assert.Contains(
            "no working day for more than 180 days (from 2026-11-28)", refused.Message, StringComparison.Ordinal);
        // 20 weeks off: a long leave, allowed
        new BusinessCalendar(onlyFridays with { Holidays = [.. fridays.Take(20)] }).RequireWorkingDays();
        new BusinessCalendar(onlyFridays with { WorkDays = [DayOfWeek.Thursday, DayOfWeek.Friday] })
            .RequireWorkingDays();
    }
}
