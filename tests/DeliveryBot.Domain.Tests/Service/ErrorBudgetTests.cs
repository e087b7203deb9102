using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Service;

namespace DeliveryBot.Domain.Tests.Service;

/// <summary>
/// The seed's error budget arithmetic (99.9 %: 43.8 minutes a month; 15 + 5 minutes used leave 23.8, 54 %), the
/// burn rate, and outage minutes from overlapping outages with scheduled maintenance taken out.
/// </summary>
public sealed class ErrorBudgetTests
{
    private static readonly TimeZoneInfo Utc = TimeZoneInfo.Utc;

    private static DateTimeOffset At(int day, int hour = 0) => new(2024, 1, day, hour, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_seed_s_worked_example_leaves_23_8_minutes_54_percent()
    {
        var used = TimeSpan.FromMinutes(15) + TimeSpan.FromMinutes(5);

        var budget = ErrorBudget.Monthly(0.999m, used, new DateOnly(2024, 1, 1), At(16, 12), Utc);

        Assert.Equal(43.8, Math.Round(budget.Budget.TotalMinutes, 1));
        Assert.Equal(23.8, Math.Round(budget.Remaining.TotalMinutes, 1));
        Assert.Equal(54, (int)Math.Round((1 - budget.UsedShare) * 100));
        // half the month gone, 46 % of the budget used: burning a little slower than the month
        Assert.Equal(0.5, budget.PeriodElapsed, 3);
        Assert.Equal(0.91, budget.BurnRate!.Value, 2);
    }

    [Fact]
    public void Every_month_has_the_same_budget_and_an_overrun_leaves_none()
    {
        var february = ErrorBudget.Monthly(0.999m, TimeSpan.FromHours(1), new DateOnly(2024, 2, 10), At(1), Utc);
        var march = ErrorBudget.Monthly(0.99m, TimeSpan.Zero, new DateOnly(2024, 3, 1), At(1), Utc);

        Assert.Equal(43.8, Math.Round(february.Budget.TotalMinutes, 1));
        Assert.Equal(TimeSpan.Zero, february.Remaining);
        Assert.True(february.UsedShare > 1);
        Assert.Null(february.BurnRate); // 1 January is before February: nothing of it gone
        Assert.Equal(438.3, Math.Round(march.Budget.TotalMinutes, 1));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1.5)]
    public void A_target_that_is_not_a_share_between_0_and_1_is_refused(double target)
        => Assert.Throws<RuleViolation>(
            () => ErrorBudget.Monthly((decimal)target, TimeSpan.Zero, new DateOnly(2024, 1, 1), At(1), Utc));

    [Fact]
    public void Overlapping_outages_count_once_clipped_to_the_period_without_scheduled_maintenance()
    {
        var january = new Interval(At(1), At(1).AddMonths(1));
        Interval Span(int day, int fromHour, int minutes)
            => new(At(day, fromHour), At(day, fromHour).AddMinutes(minutes));

        var minutes = Outages.Within(
            [
                Span(3, 10, 15), // 15 min
                Span(3, 10, 10), // inside the first: counted once
                Span(9, 22, 30), // 30 min, of which 20 in the maintenance window from 22:10
                new Interval(At(1).AddMinutes(-30), At(1).AddMinutes(5)), // began in December: 5 min of it
            ],
            january,
            maintenance: [new Interval(At(9, 22).AddMinutes(10), At(9, 23).AddMinutes(10))]);

        Assert.Equal(TimeSpan.FromMinutes(15 + 10 + 5), minutes);
    }
}
