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

    public static TheoryData<string, DayOfWeek[], string[]> Patterns => new()
    {
        { "Monday to Friday, no holidays", [.. WorkingPattern.MondayToFriday], [] },
        {
            "Monday to Friday, holidays on weekdays, on a weekend and twice on one date",
            [.. WorkingPattern.MondayToFriday],
            ["2026-12-25", "2026-12-28", "2026-12-26", "2027-01-01", "2027-01-01", "2026-05-04"]
        },
        { "Sunday to Thursday", [.. WorkingPattern.SundayToThursday], ["2026-12-27", "2027-01-02"] },
        { "one day a week", [DayOfWeek.Wednesday], ["2026-12-30"] },
        {
            "every day, a holiday at each end of the span tried",
            [.. Enum.GetValues<DayOfWeek>()],
            ["2026-11-01", "2027-03-31"]
        },
    };

    [Theory]
    [MemberData(nameof(Patterns))]
    public void Business_days_between_are_the_working_days_a_walk_from_day_to_day_finds(
        string pattern, DayOfWeek[] workDays, string[] holidays)
    {
        var calendar = new BusinessCalendar(new WorkingPattern
        {
            TimeZoneId = "Europe/London",
            WorkDays = [.. workDays],
            Holidays = [.. holidays.Select(h => new Holiday(DateOnly.ParseExact(h, "yyyy-MM-dd"), h))],
        });
        var first = new DateOnly(2026, 11, 1);
        // every start over three weeks around the holidays, every length up to five months, and backwards
        for (var start = 0; start < 21; start++)
            for (var length = -8; length <= 150; length++)
            {
                var from = first.AddDays(start);
                var to = from.AddDays(length);
                var walked = 0;
                for (var day = from.AddDays(1); day <= to; day = day.AddDays(1))
                    if (calendar.IsWorkingDay(day)) walked++;
                Assert.True(
                    walked == calendar.BusinessDaysBetween(from, to),
                    $"{pattern}: from {from:yyyy-MM-dd} to {to:yyyy-MM-dd}, {walked} working days walked, " +
                    $"{calendar.BusinessDaysBetween(from, to)} counted");
            }
    }

    [Fact]
    public void Business_days_between_dates_years_apart_count_every_holiday_once()
    {
        var london = In(
            "Europe/London",
            new Holiday(new(2026, 12, 25), "Christmas Day"),
            new Holiday(new(2026, 12, 25), "Christmas Day, entered twice"),
            new Holiday(new(2026, 12, 26), "a Saturday"));

        // 2026-01-01 (Thu) to 2028-01-01 (Sat): 730 days, 104 whole weeks (520 working days) and Fri 31 Dec 2027
        Assert.Equal(520 + 1 - 1, london.BusinessDaysBetween(new(2026, 1, 1), new(2028, 1, 1)));
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
