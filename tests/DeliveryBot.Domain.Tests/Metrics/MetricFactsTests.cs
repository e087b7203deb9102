using DeliveryBot.Domain.Calendar;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Incidents;
using DeliveryBot.Domain.Metrics;
using DeliveryBot.Domain.People;
using DeliveryBot.TestKit;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Domain.Tests.Metrics;

/// <summary>
/// What a record adds to its organisation's metrics, month by month (issue 21): each event in the month it fell in on
/// the delivery's own calendar, outages marked in every month they overlap, and the difference a save makes to the
/// sums, which the store applies instead of counting every record again.
/// </summary>
public sealed class MetricFactsTests
{
    private static readonly DateOnly March = new(2026, 3, 1);
    private static readonly DateOnly April = new(2026, 4, 1);

    [Fact]
    public void An_event_counts_in_the_month_it_fell_in_on_the_deliverys_own_calendar()
    {
        // 31 March 23:30 UTC is 1 April 00:30 in London (summer time since 29 March): April's escalation
        var s = Scenario.Opened().ToQa();
        s.Clock.Set(new DateTimeOffset(2026, 3, 31, 23, 30, 0, TimeSpan.Zero));
        s.Ok(Dana, new Escalate("The test data has not arrived"));

        var facts = MetricFacts.Of(s.Delivery);

        Assert.Equal(1, MetricTotals.Of(facts, April).Count(MetricKeys.EscalationRaised));
        Assert.Equal(0, MetricTotals.Of(facts, March).Count(MetricKeys.EscalationRaised));
    }

    [Fact]
    public void An_outage_under_way_belongs_to_no_month_and_a_resolved_one_to_every_month_it_overlaps()
    {
        var s = Scenario.Opened().ToHandover();
        s.Clock.Set(new DateTimeOffset(2026, 3, 31, 22, 0, 0, TimeSpan.Zero));
        s.Ok(Diego, new DeclareIncident("Down", Severity.Sev1, "Intake", s.Clock.GetUtcNow(), IsOutage: true));

        Assert.Equal([MetricFacts.Open], Outages(s));

        s.Later(TimeSpan.FromHours(3)).Ok(Diego, new ResolveIncident("I1", "Restarted", "Leak"));

        Assert.Equal([March, April], Outages(s));
        // an incident that is not an outage marks none
        s.Ok(Diego, new DeclareIncident("Slow", Severity.Sev3, "Intake", s.Clock.GetUtcNow()));
        Assert.Equal([March, April], Outages(s));
    }

    [Fact]
    public void A_save_moves_the_sums_by_the_difference_and_by_nothing_when_no_fact_changed()
    {
        var s = Scenario.Opened().ToQa();
        var before = MetricFacts.Of(s.Delivery);
        s.Ok(Dana, new Escalate("The test data has not arrived"));
        var after = MetricFacts.Of(s.Delivery);

        var change = Assert.Single(MetricFacts.Changes(before, after));
        Assert.Equal(new MetricFact(March, MetricKeys.EscalationRaised, 1, 0), change);
        Assert.Empty(MetricFacts.Changes(after, MetricFacts.Of(s.Delivery)));
        // taken back, the facts move the other way; applied to the old sums they give the new ones
        Assert.Equal(new MetricFact(March, MetricKeys.EscalationRaised, -1, 0),
            Assert.Single(MetricFacts.Changes(after, before)));
        var moved = new MetricTotals(before.Concat(MetricFacts.Changes(before, after))
            .Where(f => f.Month == March).Select(f => (f.Key, f.Count, f.Total)));
        Assert.Equal(MetricTotals.Of(after, March).All, moved.All.Where(m => m.Count != 0 || m.Total != 0));
    }

    [Fact]
    public void The_facts_are_listed_by_month_then_key_and_the_difference_is_the_sums_per_month_and_key()
    {
        // a record with facts in two months, keys of every kind, some summed and some set
        var s = Scenario.Opened().ToHandover();
        s.Clock.Set(new DateTimeOffset(2026, 3, 31, 22, 0, 0, TimeSpan.Zero));
        s.Ok(Dana, new Escalate("The test data has not arrived"));
        s.Ok(Diego, new DeclareIncident("Down", Severity.Sev1, "Intake", s.Clock.GetUtcNow(), IsOutage: true));
        var during = MetricFacts.Of(s.Delivery);
        s.Later(TimeSpan.FromHours(3)).Ok(Diego, new ResolveIncident("I1", "Restarted", "Leak"));
        s.Ok(Diego, new DeclareIncident("Slow", Severity.Sev3, "Intake", s.Clock.GetUtcNow()));
        var after = MetricFacts.Of(s.Delivery);

        foreach (var facts in new[] { during, after })
        {
            Assert.True(facts.Count > 8, $"only {facts.Count} facts");
            Assert.Equal(facts.OrderBy(f => f.Month).ThenBy(f => f.Key, StringComparer.Ordinal), facts);
            Assert.Equal(facts.Count, facts.DistinctBy(f => (f.Month, f.Key)).Count());
        }
        // each pair, either way round and against nothing, as a sum of +after and -before per month and key
        IReadOnlyList<MetricFact>[] lists = [[], during, after, MetricFacts.Of(Scenario.Opened().Delivery)];
        foreach (var before in lists)
            foreach (var later in lists)
            {
                Assert.Equal(Summed(before, later), MetricFacts.Changes(before, later));
                // each move also says how the fact now stands: as the later list has it, none where it is gone
                Assert.All(MetricFacts.Moves(before, later), m => Assert.Equal(
                    later.Where(f => (f.Month, f.Key) == (m.Difference.Month, m.Difference.Key)).Cast<MetricFact?>()
                        .SingleOrDefault(),
                    m.Now));
            }

        static List<MetricFact> Summed(IReadOnlyList<MetricFact> before, IReadOnlyList<MetricFact> after)
            => [.. before.Select(f => f with { Count = -f.Count, Total = -f.Total }).Concat(after)
                .GroupBy(f => (f.Month, f.Key))
                .Select(g => new MetricFact(g.Key.Month, g.Key.Key, g.Sum(f => f.Count), g.Sum(f => f.Total)))
                .Where(f => f.Count != 0 || f.Total != 0)
                .OrderBy(f => f.Month).ThenBy(f => f.Key, StringComparer.Ordinal)];
    }

    [Fact]
    public void The_mean_availability_counts_every_live_service_without_an_outage_as_up_all_month()
    {
        Assert.Null(PortfolioMetrics.MeanAvailability(0, []));
        Assert.Equal(1.0, PortfolioMetrics.MeanAvailability(3, []));
        Assert.Equal((1 + 1 + 0.997) / 3, PortfolioMetrics.MeanAvailability(3, [0.997])!.Value, precision: 12);
    }

    [Fact]
    public void Targets_are_typed_as_names_and_values_and_refused_when_they_do_not_parse()
    {
        var set = DeliveryTargets.Seed.With(
            "frequency 12 lead-time 2d change-failure 2.5% mttr 45m availability 99.95%");

        Assert.Equal(new DeliveryTargets
        {
            DeploymentsPerWeek = 12,
            LeadTime = TimeSpan.FromDays(2),
            ChangeFailureRate = 0.025,
            MeanTimeToRecover = TimeSpan.FromMinutes(45),
            Availability = 0.9995,
        }, set);
        Assert.Equal("deployment frequency 12+ a week, lead time under 2 days, change failure rate under 2.5 %, MTTR "
            + "under 45 min, availability 99.95 % or more", set.Describe());
        Assert.Equal(DeliveryTargets.Seed with { MeanTimeToRecover = TimeSpan.FromHours(2) },
            DeliveryTargets.Seed.With("MTTR 2h"));
        foreach (var bad in new[] { "", "frequency", "speed 12", "frequency twelve", "mttr 45", "mttr 45s",
                     "lead-time -1d", "frequency 1 frequency 2 frequency 3 frequency 4 frequency 5 frequency 6" })
            Assert.Throws<RuleViolation>(() => DeliveryTargets.Seed.With(bad));
    }

    [Fact]
    public void Only_a_cto_sets_the_organisations_targets_and_one_that_could_never_be_met_changes_nothing()
    {
        var settings = new TenantSettings("tenant-contoso");
        var meta = new CommandMeta("t-1", Clara, Scenario.Start, "test");
        var stricter = DeliveryTargets.Seed with { Availability = 0.9995 };

        var (refused, forbidden) = settings.SetTargets(stricter, [Role.DeliveryManager], meta);
        Assert.Equal((settings, OutcomeKind.Forbidden), (refused, forbidden.Kind));
        var (impossible, invalid) = settings.SetTargets(stricter with { Availability = 1 }, [Role.Cto], meta);
        Assert.Equal((settings, OutcomeKind.Refused), (impossible, invalid.Kind));

        var (set, applied) = settings.SetTargets(stricter, [Role.Cto], meta);
        Assert.Equal((OutcomeKind.Applied, stricter, Clara, 1L),
            (applied.Kind, set.Targets, set.TargetsSetBy, set.Version));
        var (same, again) = set.SetTargets(stricter, [Role.Cto], meta);
        Assert.Equal((set, OutcomeKind.AlreadyDecided), (same, again.Kind));
    }

    private static List<DateOnly> Outages(Scenario s)
        => [.. MetricFacts.Of(s.Delivery).Where(f => f.Key == MetricKeys.Outage).Select(f => f.Month)];
}
