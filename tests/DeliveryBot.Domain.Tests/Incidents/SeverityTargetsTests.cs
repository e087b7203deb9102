using DeliveryBot.Domain.Calendar;
using DeliveryBot.Domain.Incidents;

namespace DeliveryBot.Domain.Tests.Incidents;

/// <summary>
/// The seed's severity targets and the clocks they run on: SEV-1 and SEV-2 on the wall clock (DST neither adds nor
/// takes an hour), SEV-3 and SEV-4 on the business calendar (working hours, weekends, holidays, DST).
/// </summary>
public sealed class SeverityTargetsTests
{
    private static readonly BusinessCalendar London = new(new WorkingPattern
    {
        TimeZoneId = "Europe/London",
        Holidays = [new Holiday(new DateOnly(2026, 4, 6), "Easter Monday")],
    });

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0)
        => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(Severity.Sev1, "15 min", "4 h", "30 min", IncidentClock.Wall)]
    [InlineData(Severity.Sev2, "30 min", "8 h", "1 h", IncidentClock.Wall)]
    [InlineData(Severity.Sev3, "2 h", "24 h", "4 h", IncidentClock.Business)]
    [InlineData(Severity.Sev4, "8 h", "5 days", "1 day", IncidentClock.Business)]
    public void Each_severity_has_the_seed_s_targets_and_its_clock(
        Severity severity, string response, string resolution, string status, IncidentClock clock)
    {
        var t = SeverityTargets.Of(severity);

        Assert.Equal(
            (response, resolution, status, clock),
            (t.Response.ToString(), t.Resolution.ToString(), t.StatusEvery.ToString(), t.Clock));
    }

    [Fact]
    public void A_sev_1_at_night_before_the_clocks_go_forward_is_due_in_four_real_hours()
    {
        // Sunday 29 March 2026: London goes from 01:00 GMT to 02:00 BST
        var detected = Utc(3, 29, 0, 50);
        var sev1 = SeverityTargets.Of(Severity.Sev1);

        Assert.Equal(Utc(3, 29, 1, 5), sev1.ResponseDue(detected, London));
        Assert.Equal(Utc(3, 29, 4, 50), sev1.ResolutionDue(detected, London));
        Assert.Equal(Utc(3, 29, 1, 20), sev1.StatusDue(detected, London));
    }

    [Fact]
    public void A_sev_3_late_on_friday_counts_working_hours_over_the_weekend()
    {
        var detected = Utc(3, 13, 16); // Friday 13 March, 16:00 GMT
        var sev3 = SeverityTargets.Of(Severity.Sev3);

        Assert.Equal(Utc(3, 16, 10), sev3.ResponseDue(detected, London)); // 1 h on Friday, 1 h on Monday
        // 24 working hours: 1 on Friday, 8 Monday, 8 Tuesday, 7 Wednesday
        Assert.Equal(Utc(3, 18, 16), sev3.ResolutionDue(detected, London));
    }

    [Fact]
    public void A_sev_3_over_the_easter_holiday_and_the_clock_change_is_due_in_local_working_time()
    {
        var detected = Utc(3, 27, 16); // Friday 27 March, 16:00 GMT; Monday 30 March is in BST
        var sev3 = SeverityTargets.Of(Severity.Sev3);

        Assert.Equal(Utc(3, 30, 9), sev3.ResponseDue(detected, London)); // Monday 10:00 BST
        // Friday 3 April 16:00 BST, with Easter Monday a holiday the following week
        var fridayBefore = Utc(4, 3, 15);
        Assert.Equal(Utc(4, 7, 9), sev3.ResponseDue(fridayBefore, London)); // Tuesday 10:00 BST
    }

    [Fact]
    public void A_sev_4_counts_working_days_not_hours()
    {
        var detected = Utc(3, 13, 16); // Friday 16:00
        var sev4 = SeverityTargets.Of(Severity.Sev4);

        Assert.Equal(Utc(3, 20, 16), sev4.ResolutionDue(detected, London)); // the next Friday 16:00
        Assert.Equal(Utc(3, 16, 16), sev4.ResponseDue(detected, London)); // 8 working hours: 1 Friday, 7 Monday
        Assert.Equal(Utc(3, 16, 16), sev4.StatusDue(detected, London));
    }

    [Fact]
    public void A_delivery_may_run_a_severity_on_the_other_clock()
    {
        var detected = Utc(3, 13, 16);
        var sev3OnTheWall = SeverityTargets.Of(Severity.Sev3).On(IncidentClock.Wall);

        Assert.Equal(Utc(3, 14, 16), sev3OnTheWall.ResolutionDue(detected, London));
        Assert.Equal("SEV-3", SeverityTargets.Title(Severity.Sev3));
    }
}
