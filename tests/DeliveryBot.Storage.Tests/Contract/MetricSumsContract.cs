using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Incidents;
using DeliveryBot.Domain.Metrics;
using DeliveryBot.Storage.Json;
using DeliveryBot.Storage.Sql;
using DeliveryBot.TestKit;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Storage.Tests.Contract;

/// <summary>
/// The metric sums kept as records are saved (issue 21): after any run of saves they are exactly the sums of the
/// facts of every record as it stands, per organisation and month; a database from before them is counted when it is
/// migrated; the deployment windows are found through their index. Run on SQLite and on a real PostgreSQL.
/// </summary>
public abstract class MetricSumsContract : StoreFixture
{
    private int _commands;

    [Fact]
    public async Task The_sums_kept_on_save_are_the_sums_of_every_records_facts_per_organisation_and_month()
    {
        var live = await NewAsync("tenant-contoso", s => s.ToHandover());
        var qa = await NewAsync("tenant-contoso", s => s.ToQa());
        var theirs = await NewAsync("tenant-fabrikam", s => s.ToHandover());
        await AssertSumsAsync("tenant-contoso", [live, qa]);

        // an escalation raised and resolved, an outage declared (open: read from the record whatever the month)
        await ApplyAsync(qa, Dana, new Escalate("The test data has not arrived"));
        await ApplyAsync(live, Diego, new DeclareIncident(
            "Down", Severity.Sev1, "Intake", Clock.GetUtcNow(), IsOutage: true));
        var month = await Store.MetricMonthAsync("tenant-contoso", Month(Clock.GetUtcNow()));
        Assert.Equal([live.Key], month.OutageUnderWay.Select(d => d.Key));
        Assert.Empty(month.Outages);
        Assert.Equal(1, month.LiveServices);
        Clock.Advance(TimeSpan.FromMinutes(42));
        await ApplyAsync(live, Diego, new ResolveIncident("I1", "Restarted", "Leak"));
        await AssertSumsAsync("tenant-contoso", [live, qa]);
        await AssertSumsAsync("tenant-fabrikam", [theirs]);

        var after = await Store.MetricMonthAsync("tenant-contoso", Month(Clock.GetUtcNow()));
        Assert.Empty(after.OutageUnderWay);
        Assert.Equal(42 * 60, after.Totals.Total(MetricKeys.Recovered));
        // resolved, its availability follows from the kept facts as the SLA dashboard counts it from the record
        var outage = Assert.Single(after.Outages);
        Assert.Equal((live.Key, 42L * 60), (outage.DeliveryKey, outage.UsedSeconds));
        var later = Clock.GetUtcNow().AddDays(3);
        var period = ReportingPeriod.Containing(Clock.GetUtcNow(), "Europe/London");
        Assert.Equal(
            PortfolioMetrics.ServiceAvailability(period, later)(live)!.Value,
            PortfolioMetrics.OutageAvailability(outage.UsedSeconds, outage.MonthStartUnixSeconds, outage.MonthSeconds,
                later)!.Value,
            precision: 9);
        // a month before anything went live, and another organisation's month, have nothing of these
        var before = await Store.MetricMonthAsync("tenant-contoso", Month(Clock.GetUtcNow()).AddMonths(-2));
        Assert.Equal((0, 0), (before.LiveServices, before.Outages.Count));
        Assert.Empty((await Store.MetricMonthAsync("tenant-northwind", Month(Clock.GetUtcNow()))).Totals.All);
    }

    [Fact]
    public async Task Each_records_fact_rows_are_its_facts_after_every_save_whoever_made_it()
    {
        var live = await NewAsync("tenant-contoso", s => s.ToHandover());
        await AssertFactRowsAsync(live);
        await ApplyAsync(live, Diego, new DeclareIncident(
            "Down", Severity.Sev1, "Intake", Clock.GetUtcNow(), IsOutage: true));
        await AssertFactRowsAsync(live); // the open outage's fact added beside the others
        Clock.Advance(TimeSpan.FromMinutes(5));
        await ApplyAsync(live, Diego, new DeclareIncident("Slow", Severity.Sev1, "Intake", Clock.GetUtcNow()));
        await AssertFactRowsAsync(live); // the month's count of Sev1 incidents and their detection times changed
        Clock.Advance(TimeSpan.FromMinutes(20));
        await ApplyAsync(live, Diego, new ResolveIncident("I1", "Restarted", "Leak"));
        await AssertFactRowsAsync(live); // the open outage's fact gone, the month's outage facts come

        // another instance, which never saw the rows, opens and resolves an outage: the open outage's fact comes and
        // goes again, the month's outage facts change
        var (other, _) = await SecondInstanceAsync();
        var theirs = (await other.FindAsync(live.Key))!;
        await ApplyAsync(theirs, Diego, new DeclareIncident(
            "Down again", Severity.Sev2, "Intake", Clock.GetUtcNow(), IsOutage: true), other);
        await AssertFactRowsAsync(theirs);
        Clock.Advance(TimeSpan.FromMinutes(42));
        await ApplyAsync(theirs, Diego, new ResolveIncident("I3", "Restarted", "Leak"), other);
        await AssertFactRowsAsync(theirs);
        await AssertSumsAsync("tenant-contoso", [theirs]);
    }

    [Fact]
    public async Task A_database_from_before_the_sums_is_counted_when_it_is_migrated()
    {
        var old = await OpenAsync(fresh: true);
        await new Migrator(old, Clock).MigrateAsync(CancellationToken.None, upTo: 8);
        var records = new[] { Make("tenant-contoso", s => s.ToHandover()), Make("tenant-contoso", s => s.ToQa()) };
        await old.WriteAsync(async (c, tx) =>
        {
            foreach (var d in records)
            {
                await using var row = c.Sql("""
                    INSERT INTO deliveries (id, tenant_id, version, client, talent, status, stage, closed, next_due_at,
                                            created_at, updated_at, doc)
                    VALUES (@id, @tenant, @v, 'c', 't', 'OnTrack', 1, @closed, NULL, 0, 0, @doc)
                    """, tx).With("@id", d.Key).With("@tenant", d.State.TenantId).With("@v", d.Version)
                    .With("@closed", false);
                old.Dialect.AddJson(row, "@doc", DeliveryJson.Serialize(d.State));
                await row.ExecuteNonQueryAsync();
            }
            return 0;
        }, CancellationToken.None);

        await new Migrator(old, Clock).MigrateAsync(CancellationToken.None);

        var store = new SqlDeliveryStore(old);
        foreach (var month in records.SelectMany(MetricFacts.Of).Select(f => f.Month).Distinct())
            Assert.Equal(
                Sums(MetricTotals.Of(records.SelectMany(MetricFacts.Of), month)),
                Sums((await store.MetricMonthAsync("tenant-contoso", month)).Totals));
        // the window index was filled too: both are open, with the scenario's deployment window
        var window = ReleaseWindow(records[1]);
        Assert.Equal(records.Select(d => d.Key), (await store.WindowsAsync("tenant-contoso", window, window, 10))
            .Select(d => d.Key));
    }

    [Fact]
    public async Task The_windows_to_come_are_found_through_their_index_soonest_first_in_one_organisation()
    {
        var planned = await NewAsync("tenant-contoso", s => s.Planned());
        await NewAsync("tenant-fabrikam", s => s.Planned());
        var opening = await NewAsync("tenant-contoso", s => s);
        var start = ReleaseWindow(planned);
        var (_, end) = DeliveryIndex.WindowOf(planned)!.Value;

        // a window is found from its first day to its last, and not outside them; one not planned yet never
        Assert.Null(DeliveryIndex.WindowOf(opening));
        Assert.Equal([planned.Key], (await Store.WindowsAsync("tenant-contoso", start.AddDays(-30), start, 10))
            .Select(d => d.Key));
        Assert.Equal([planned.Key], (await Store.WindowsAsync("tenant-contoso", DateOnly.FromDayNumber(end),
            start.AddDays(60), 10)).Select(d => d.Key));
        Assert.Empty(await Store.WindowsAsync("tenant-contoso", start.AddDays(-30), start.AddDays(-1), 10));
        Assert.Empty(
            await Store.WindowsAsync("tenant-contoso", DateOnly.FromDayNumber(end + 1), start.AddDays(90), 10));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => Store.WindowsAsync("tenant-contoso", start, start, 0));
    }

    private static DateOnly ReleaseWindow(Delivery delivery)
        => DateOnly.FromDayNumber(DeliveryIndex.WindowOf(delivery)!.Value.Start);

    private static DateOnly Month(DateTimeOffset at) => new(at.Year, at.Month, 1);

    private async Task AssertSumsAsync(string tenant, IReadOnlyList<Delivery> records)
    {
        var facts = records.SelectMany(MetricFacts.Of).ToList();
        Assert.NotEmpty(facts);
        foreach (var month in facts.Select(f => f.Month).Distinct())
            Assert.Equal(
                Sums(MetricTotals.Of(facts, month)), Sums((await Store.MetricMonthAsync(tenant, month)).Totals));
    }

    /// <summary>The sums, without the keys a later save brought back to nothing.</summary>
    private static List<(string, long, long)> Sums(MetricTotals totals)
        => [.. totals.All.Where(s => s.Count != 0 || s.Total != 0)];

    private Delivery Make(string tenant, Func<Scenario, Scenario> drive)
    {
        var s = Scenario.Opened();
        drive(s);
        var id = $"D{++_commands}";
        return Delivery.Restore(s.Delivery.State with
        {
            Id = id,
            TenantId = tenant,
            Audit = [.. s.Delivery.State.Audit.Select(e => e with { CommandId = $"{tenant}-{id}-{e.CommandId}" })],
        });
    }

    private async Task<Delivery> NewAsync(string tenant, Func<Scenario, Scenario> drive)
    {
        var delivery = Make(tenant, drive);
        await Store.SaveAsync(delivery, 0, Clock.GetUtcNow());
        return delivery;
    }

    /// <summary>The record's rows in metric_facts are exactly its facts as they stand.</summary>
    private async Task AssertFactRowsAsync(Delivery delivery)
    {
        var rows = await Database.ReadAsync(async c =>
        {
            await using var query = c.Sql("SELECT yyyymm, metric, n, total FROM metric_facts WHERE delivery_id = @id")
                .With("@id", delivery.Key);
            await using var r = await query.ExecuteReaderAsync();
            var facts = new List<MetricFact>();
            while (await r.ReadAsync())
                facts.Add(new MetricFact(
                    MetricFactRows.Month(r.GetInt32(0)), r.GetString(1), r.GetInt64(2), r.GetInt64(3)));
            return facts;
        }, CancellationToken.None);
        var expected = MetricFacts.Of(delivery);
        Assert.NotEmpty(expected);
        Assert.Equal(expected.OrderBy(f => (f.Month, f.Key)), rows.OrderBy(f => (f.Month, f.Key)));
    }
}
