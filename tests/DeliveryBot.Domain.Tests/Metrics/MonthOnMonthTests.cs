using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Metrics;
using DeliveryBot.TestKit;

namespace DeliveryBot.Domain.Tests.Metrics;

/// <summary>
/// Month on month (issue 21): each figure against the previous month's, better or worse by the direction that is good
/// for it; and the targets, the seed's by default, refused when they could never be met or missed.
/// </summary>
public sealed class MonthOnMonthTests
{
    private static readonly ReportingPeriod March = new(2026, 3, "Europe/London");
    private static readonly ReportingPeriod April = new(2026, 4, "Europe/London");

    [Fact]
    public void April_against_march_says_what_changed_and_whether_it_is_better()
    {
        var d = WorkedDelivery.Run().Delivery;

        var changes = MonthOnMonth.Of(PortfolioMetrics.Of([d], April), PortfolioMetrics.Of([d], March));

        var slip = Assert.Single(changes, c => c.Metric == Metric.AverageSlip);
        // -1 business day in April against -4/7 in March: 3/7 earlier, lower is better
        Assert.Equal((-3.0 / 7, Trend.Better), (slip.Change!.Value, slip.Trend), Close);
        Assert.Equal(-0.75, slip.RelativeChange!.Value, precision: 10);
        var escalations = Assert.Single(changes, c => c.Metric == Metric.Escalations);
        Assert.Equal((0.0, 1.0, -1.0, -1.0, Trend.Better),
            (escalations.Current, escalations.Previous, escalations.Change, escalations.RelativeChange,
                escalations.Trend));
        // on time: no handover in March; go-lives: none in April; no figure on either side is no trend
        Assert.All(
            changes.Where(c => c.Metric is Metric.OnTimeRate or Metric.DeploymentFrequency
                or Metric.ChangeFailureRate or Metric.QaFirstPassYield or Metric.AnswerTime),
            c => Assert.Equal((null, Trend.NoData), (c.Change, c.Trend)));
    }

    [Fact]
    public void Higher_is_better_for_rates_and_frequency_lower_for_times_slips_and_failures()
    {
        Assert.Equal(
            [Metric.OnTimeRate, Metric.QaFirstPassYield, Metric.DeploymentFrequency, Metric.Availability],
            Enum.GetValues<Metric>().Where(MetricFigure.HigherIsBetter));
    }

    [Fact]
    public void The_same_figure_twice_is_the_same()
    {
        var d = WorkedDelivery.Run().Delivery;
        var march = PortfolioMetrics.Of([d], March);

        var changes = MonthOnMonth.Of(march, march);

        Assert.All(changes.Where(c => c.Current is not null),
            c => Assert.Equal((0.0, Trend.Same), (c.Change, c.Trend)));
        Assert.Contains(changes, c => c.Metric == Metric.DeploymentFrequency && c.Trend == Trend.Same);
    }

    [Fact]
    public void The_seed_targets_are_the_default_and_impossible_ones_are_refused()
    {
        var seed = DeliveryTargets.Seed;
        Assert.Equal((10.0, TimeSpan.FromDays(1), 0.05, TimeSpan.FromHours(1), 0.999),
            (seed.DeploymentsPerWeek, seed.LeadTime, seed.ChangeFailureRate, seed.MeanTimeToRecover,
                seed.Availability));
        seed.Validate();

        Assert.Contains("deployment frequency",
            Assert.Throws<RuleViolation>(() => (seed with { DeploymentsPerWeek = 0 }).Validate()).Message);
        Assert.Contains("lead time",
            Assert.Throws<RuleViolation>(() => (seed with { LeadTime = TimeSpan.Zero }).Validate()).Message);
        Assert.Contains("change failure rate",
            Assert.Throws<RuleViolation>(() => (seed with { ChangeFailureRate = 1.5 }).Validate()).Message);
        Assert.Contains("MTTR",
            Assert.Throws<RuleViolation>(() => (seed with { MeanTimeToRecover = TimeSpan.FromHours(-1) }).Validate())
                .Message);
        Assert.Contains("availability",
            Assert.Throws<RuleViolation>(() => (seed with { Availability = 1 }).Validate()).Message);
        Assert.Throws<RuleViolation>(() => (seed with { Availability = double.NaN }).Validate());
    }

    private static readonly IEqualityComparer<(double, Trend)> Close = EqualityComparer<(double, Trend)>.Create(
        (a, b) => Math.Abs(a.Item1 - b.Item1) < 1e-9 && a.Item2 == b.Item2, x => x.Item2.GetHashCode());
}
