namespace DeliveryBot.Domain.Service;

/// <summary>
/// The seed's error budget for one SLA period: (1 − target) of the period may be outage. A month's budget follows the
/// seed's arithmetic, on the average month (365.25 ÷ 12 = 30.4375 days: 43.8 minutes at 99.9 %), so every month has
/// the same budget; the burn rate compares the share of it used with the share of the calendar month gone.
/// </summary>
public sealed record ErrorBudget(decimal Target, TimeSpan Budget, TimeSpan Used, double PeriodElapsed)
{
    public static readonly TimeSpan AverageMonth = TimeSpan.FromDays(365.25 / 12);

    /// <summary>The budget of a month at <paramref name="target"/> (e.g. 0.999), with what is used so far.</summary>
    public static ErrorBudget Monthly(
        decimal target, TimeSpan used, DateOnly month, DateTimeOffset now, TimeZoneInfo zone)
    {
        if (target is <= 0m or >= 1m)
            throw new Common.RuleViolation("The availability target is a percentage between 0 and 100, e.g. 99.9.");
        var start = new DateOnly(month.Year, month.Month, 1);
        var from = Instant(start, zone);
        var to = Instant(start.AddMonths(1), zone);
        var elapsed = Math.Clamp((now - from) / (to - from), 0, 1);
        return new ErrorBudget(target, AverageMonth * (double)(1m - target), used, elapsed);
    }

    public TimeSpan Remaining => Budget - Used > TimeSpan.Zero ? Budget - Used : TimeSpan.Zero;

    /// <summary>The share of the budget used (may pass 1 when the outages ran over it).</summary>
    public double UsedShare => Budget == TimeSpan.Zero ? 1 : Used / Budget;

    /// <summary>
    /// The share of the budget used over the share of the period gone: 1 spends it exactly by the period's end, above
    /// 1 spends it early. Null at the very start of the period, where nothing is gone to compare with.
    /// </summary>
    public double? BurnRate => PeriodElapsed > 0 ? UsedShare / PeriodElapsed : null;

    private static DateTimeOffset Instant(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
