using DeliveryBot.Domain.Calendar;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Digest;
using DeliveryBot.Domain.Metrics;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.Rendering;
using DeliveryBot.TestKit;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Domain.Tests.Digest;

/// <summary>
/// What a weekly digest says: D1 planned on Monday 2 March 2026 (production due Monday 9 March, production complete
/// Friday 20 March), read on Monday 16 March 10:00 London with production not started and an escalation open since
/// Thursday.
/// </summary>
public sealed class WeeklyDigestTests
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 16, 10, 0, 0, TimeSpan.Zero);
    private static readonly BusinessCalendar London = new(new WorkingPattern { TimeZoneId = "Europe/London" });

    private static Delivery Late()
    {
        var s = Scenario.Opened().Planned();
        s.Later(new DateTimeOffset(2026, 3, 12, 10, 0, 0, TimeSpan.Zero) - s.Clock.GetUtcNow());
        s.Ok(Dana, new Escalate("The client's test data has not arrived"));
        return s.Delivery;
    }

    [Fact]
    public void The_ctos_digest_lists_what_is_late_open_and_due_this_week()
    {
        var digest = Digest(new DigestReader(Clara, DigestRole.Cto), [Late()], London, Monday);

        Assert.Equal("2026-W12", digest.Week);
        Assert.Equal(new DateOnly(2026, 3, 16), digest.Monday);
        Assert.Equal(1, digest.Deliveries);
        // production start was due Monday 9 March: five business days late, beyond the acceptable two
        var late = Assert.Single(digest.Late);
        Assert.Equal((Milestone.ProductionStart, 5, true),
            (late.View.Entry.Milestone, late.View.BusinessDaysLate, late.BeyondAcceptableDelay));
        var open = Assert.Single(digest.Escalations);
        Assert.Equal(TimeSpan.FromDays(4), open.Age);
        Assert.Equal([(Milestone.ProductionComplete, new DateOnly(2026, 3, 20))],
            digest.DueThisWeek.Select(m => (m.Milestone, m.Target)));
        // the SLA's error-budget alerts are not sent yet: the hook finds none
        Assert.Empty(digest.SlaAlerts);
        Assert.Equal(new ReportingPeriod(2026, 3, "Europe/London"), digest.Metrics.Period, PeriodComparer.Instance);
        Assert.Equal(digest.Metrics.Figures.Count, digest.MonthOnMonth.Count);
    }

    [Fact]
    public void A_milestone_late_within_its_acceptable_delay_is_listed_as_such()
    {
        // Wednesday 11 March: two business days late, the acceptable delay
        var digest = Digest(new DigestReader(Clara, DigestRole.Cto), [Late()], London,
            new DateTimeOffset(2026, 3, 11, 10, 0, 0, TimeSpan.Zero));

        var late = Assert.Single(digest.Late);
        Assert.Equal((2, false), (late.View.BusinessDaysLate, late.BeyondAcceptableDelay));
        Assert.Contains("2 business days late (within the acceptable 2)", DigestMarkdown.Of(digest),
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_reader_sees_only_the_deliveries_of_their_role()
    {
        Delivery[] deliveries = [Late()];

        Assert.Equal(1, Digest(new DigestReader(Dana, DigestRole.DeliveryManager), deliveries, London,
            Monday).Deliveries);
        // Dana is not CTO of D1, nor Clara its DM, nor Mallory anything
        var nothing = new[]
        {
            new DigestReader(Dana, DigestRole.Cto), new DigestReader(Clara, DigestRole.DeliveryManager),
            new DigestReader(Mallory, DigestRole.Cto),
        }.Select(r => Digest(r, deliveries, London, Monday));
        Assert.All(nothing, d => Assert.Equal((0, 0, 0), (d.Deliveries, d.Late.Count, d.Escalations.Count)));
    }

    [Fact]
    public void The_markdown_says_each_section_and_the_months_figures_against_the_last()
    {
        var text = DigestMarkdown.Of(Digest(new DigestReader(Clara, DigestRole.Cto), [Late()], London,
            Monday));

        Assert.StartsWith("**Weekly digest, week of Mon 16 Mar** (2026-W12): 1 open delivery where you are CTO.",
            text, StringComparison.Ordinal);
        Assert.Contains("**Late milestones** (1)\n\n- **D1** Contoso Ltd: Production start, due Mon 9 Mar, 5 business "
            + "days late ⚠ beyond the acceptable 2", text, StringComparison.Ordinal);
        Assert.Contains("**Open escalations** (1)\n\n- **D1** Contoso Ltd: D1-E1 The client's test data has not "
            + "arrived (not acknowledged, open 4 days)", text, StringComparison.Ordinal);
        Assert.Contains("**Milestones due this week** (1)\n\n- **D1** Contoso Ltd: Production complete, Fri 20 Mar",
            text, StringComparison.Ordinal);
        Assert.Contains("**SLA burn alerts this week** (0)\n\nNone.", text, StringComparison.Ordinal);
        Assert.Contains("**March 2026 so far, against last month**", text, StringComparison.Ordinal);
        // one escalation raised in March, none in February
        Assert.Contains("- Escalations: 1 (last month 0, worse)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_organisations_delivery_is_refused_not_mixed_in()
    {
        var other = Delivery.Restore(Late().State with { TenantId = "tenant-fabrikam" });

        Assert.Throws<ArgumentException>(() =>
            WeeklyDigest.Of(new DigestReader(Clara, DigestRole.Cto), [Late(), other], London, Monday,
                PortfolioMetrics.Of([], March), PortfolioMetrics.Of([], March.Previous)));
    }

    /// <summary>Periods compared by what they are (the record holds a computed interval).</summary>
    private sealed class PeriodComparer : IEqualityComparer<ReportingPeriod>
    {
        public static readonly PeriodComparer Instance = new();
        public bool Equals(ReportingPeriod? x, ReportingPeriod? y)
            => (x?.Year, x?.Month, x?.TimeZoneId) == (y?.Year, y?.Month, y?.TimeZoneId);
        public int GetHashCode(ReportingPeriod obj) => HashCode.Combine(obj.Year, obj.Month);
    }

    private static readonly ReportingPeriod March = new(2026, 3, "Europe/London");

    /// <summary>The digest with the organisation's figures of the month, counted from the same deliveries.</summary>
    private static WeeklyDigest Digest(
        DigestReader reader, IReadOnlyList<Delivery> organisation, BusinessCalendar calendar, DateTimeOffset now)
    {
        var period = ReportingPeriod.Containing(now, calendar.Pattern.TimeZoneId);
        return WeeklyDigest.Of(reader, organisation, calendar, now, PortfolioMetrics.Of(organisation, period),
            PortfolioMetrics.Of(organisation, period.Previous));
    }
}
