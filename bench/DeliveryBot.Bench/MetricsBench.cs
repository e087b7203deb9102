using System.Diagnostics;
using DeliveryBot.Application.Digest;
using DeliveryBot.Application.Metrics;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Calendar;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Incidents;
using DeliveryBot.Domain.Metrics;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using DeliveryBot.Storage.Sql;
using DeliveryBot.Storage.Sqlite;
using DeliveryBot.TestKit;
using Microsoft.Extensions.Logging.Abstractions;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Bench;

/// <summary>
/// Issue 21's targets on SQLite: with N records (default 100,000) all in one organisation, `metrics` p99 ≤ 50 ms
/// (what the card reads: the month's and last month's sums, the outage records, the windows to come, the open count,
/// the asker's roles); and the weekly digest for 1,000 readers (500 organisations of N / 500 records, a CTO and a DM
/// who opted in each) written within one scheduler pass (the job runs every 15 minutes).
/// </summary>
internal static class MetricsBench
{
    private const string Big = "tenant-big";
    private const int Batch = 2_000;
    private const int Organisations = 500;

    public static async Task RunAsync(int records)
    {
        Console.WriteLine(
            $"DeliveryBot metrics benchmark: SQLite (WAL, synchronous=FULL), {records:N0} records, " +
            $"{Environment.ProcessorCount} cores, .NET {Environment.Version}");
        Console.WriteLine($"{"measure",-44} {"value",12} {"unit",-6} {"target",-16} {"ratio",-8}");
        await OneOrganisationAsync(records);
        await DigestsAsync(records);
    }

    private static async Task OneOrganisationAsync(int records)
    {
        using var db = await BenchDatabase.OpenAsync();
        var store = new SqlDeliveryStore(db.Database);
        var organisation = new OrganisationMetrics(store, new SqlTenantSettingsStore(db.Database));
        var templates = Templates();
        var random = new Random(21);
        var seed = Stopwatch.StartNew();
        for (var start = 0; start < records; start += Batch)
            await store.ImportAsync(
                [.. Enumerable.Range(start, Math.Min(Batch, records - start))
                    // one record in a thousand had an outage this month: those are read whole for the availability
                    .Select(i => Clone(i % 1000 == 0 ? templates[^1] : templates[i % (templates.Length - 1)], Big, i,
                        random))],
                db.Clock.GetUtcNow());
        Measure.Row("import with the metric facts and sums", records / seed.Elapsed.TotalSeconds, "rec/s");

        var now = db.Clock.GetUtcNow();
        var period = ReportingPeriod.Containing(now, "Europe/London");
        var asker = StorageBench.PersonFrom(random);
        var metrics = await Measure.SampleAsync(500, async _ =>
        {
            await store.ForPersonAsync(Big, [asker.Key]);
            await organisation.MonthAndBeforeAsync(Big, period, now, CancellationToken.None);
            await store.WindowsAsync(Big, DateOnly.FromDateTime(now.UtcDateTime),
                DateOnly.FromDateTime(now.UtcDateTime).AddDays(55), 40);
            await store.ListAsync(Big, DeliveryFilter.Open, 1, 1);
        });
        Measure.Row("metrics (the card's reads), p50", Measure.Percentile(metrics, 50), "ms");
        Measure.Row("metrics (the card's reads), p99", Measure.Percentile(metrics, 99), "ms", atMost: 50);
        var sums = await Measure.SampleAsync(500, _ => store.MetricMonthAsync(Big, period.FirstDay));
        Measure.Row("  of which one month's sums, p99", Measure.Percentile(sums, 99), "ms");
        var count = await Measure.SampleAsync(100, _ => store.ListAsync(Big, DeliveryFilter.Open, 1, 1));
        Measure.Row("  of which the open count, p99", Measure.Percentile(count, 99), "ms");

        // the same figures counted from the records, as before the sums were kept: 1,000 records read and counted
        var recount = await Measure.SampleAsync(20, async _ =>
        {
            var read = await store.RecentRecordsAsync(Big, now.AddDays(-62), 1000);
            PortfolioMetrics.Of(read, period);
        });
        Measure.Row("counted from 1,000 records instead, p50", Measure.Percentile(recount, 50), "ms");

        var escalated = 0;
        string? refusal = null;
        var saves = await Measure.SampleAsync(300, async i =>
        {
            var delivery = (await store.FindAsync(DeliveryKey.Of(Big, $"D{(i * 7919 % records) + 1}")))!;
            var before = delivery.Version;
            var outcome = delivery.Execute(new Escalate($"bench escalation {i}"),
                CommandMeta.Now(db.Clock, $"bench-esc-{i}", delivery.HolderOf(Role.DeliveryManager)!, "bench"));
            if (!outcome.Changed)
            {
                refusal ??= outcome.Message;
                return;
            }
            await store.SaveAsync(delivery, before, db.Clock.GetUtcNow());
            escalated++;
        });
        Measure.Row("escalations saved (closed ones refused)", escalated, "");
        if (escalated == 0) Console.WriteLine($"  refused: {refusal}");
        Measure.Row("load + escalate (sums move) + save, p50", Measure.Percentile(saves, 50), "ms");
        Measure.Row("load + escalate (sums move) + save, p99", Measure.Percentile(saves, 99), "ms");
    }

    private static async Task DigestsAsync(int records)
    {
        using var db = await BenchDatabase.OpenAsync();
        var store = new SqlDeliveryStore(db.Database);
        var settings = new SqlTenantSettingsStore(db.Database);
        var templates = Templates();
        var random = new Random(7);
        var perOrganisation = Math.Max(1, records / Organisations);
        for (var org = 0; org < Organisations; org++)
        {
            var tenant = $"tenant-{org:000}";
            var cto = new Person($"oid-cto-{org}", $"cto{org}@contoso.test", $"CTO {org}");
            var dm = new Person($"oid-dm-{org}", $"dm{org}@contoso.test", $"DM {org}");
            await store.ImportAsync(
                [.. Enumerable.Range(0, perOrganisation).Select(i =>
                    Clone(templates[i % templates.Length], tenant, i, random, cto, dm))],
                db.Clock.GetUtcNow());
            var (optedIn, _) = new TenantSettings(tenant).Digest(
                on: true, [Role.DeliveryManager], CommandMeta.Now(db.Clock, $"digest-{org}", dm, "bench"));
            await settings.SaveAsync(optedIn, 0, db.Clock.GetUtcNow());
        }

        var sweep = new DigestSweep(
            store, new OrganisationMetrics(store, settings), settings, new SqlOutbox(db.Database), db.Clock,
            NullLogger<DigestSweep>.Instance);
        var pass = Stopwatch.StartNew();
        var (written, next) = (0, (string?)null);
        do
        {
            var (page, after) = await sweep.RunAsync(next, 100, CancellationToken.None);
            (written, next) = (written + page, after);
        } while (next is not null);
        pass.Stop();
        Measure.Row($"weekly digests written ({Organisations} organisations)", written, "", atLeast: 1000);
        Measure.Row("  in one pass", pass.Elapsed.TotalSeconds, "s", atMost: 900);
        Measure.Row("  per digest", pass.Elapsed.TotalMilliseconds / Math.Max(1, written), "ms");
    }

    /// <summary>The storage bench's lifecycle templates, and last a live service with an hour's outage.</summary>
    private static DeliveryState[] Templates()
    {
        var outage = Scenario.Opened().ToHandover();
        outage.Ok(Diego,
            new DeclareIncident("Down", Severity.Sev1, "Intake", outage.Clock.GetUtcNow(), IsOutage: true));
        outage.Later(TimeSpan.FromHours(1)).Ok(Diego, new ResolveIncident("I1", "Restarted", "Leak"));
        return [.. StorageBench.Templates(), outage.Delivery.State];
    }

    private static Delivery Clone(
        DeliveryState template, string tenant, int number, Random random, Person? cto = null, Person? dm = null)
    {
        var id = $"D{number + 1}";
        return Delivery.Restore(template with
        {
            Id = id,
            TenantId = tenant,
            Stakeholders = [.. template.Stakeholders.Select(s => s with
            {
                Person = s.Role switch
                {
                    Role.Cto when cto is not null => cto,
                    Role.DeliveryManager when dm is not null => dm,
                    _ => StorageBench.PersonFrom(random),
                },
            })],
            Audit = [.. template.Audit.Select(e => e with { CommandId = $"{tenant}-{id}-{e.CommandId}" })],
        });
    }

    /// <summary>A SQLite database of its own in a temporary folder, migrated, at the scenario's Monday 10:00.</summary>
    private sealed class BenchDatabase : IDisposable
    {
        private readonly string _directory;
        private readonly SqliteDialect _dialect;

        private BenchDatabase(string directory, SqliteDialect dialect)
            => (_directory, _dialect, Database) = (directory, dialect, new Database(dialect));

        public Database Database { get; }

        // Monday 30 March 2026, 11:00 in London: the digest is due, the templates' events are this month's
        public ManualClock Clock { get; } = new(Scenario.Start.AddDays(28));

        public static async Task<BenchDatabase> OpenAsync()
        {
            var directory = Directory.CreateTempSubdirectory("deliverybot-metrics-").FullName;
            var db = new BenchDatabase(
                directory, new SqliteDialect($"Data Source={Path.Combine(directory, "bench.db")}", directory));
            await new Migrator(db.Database, db.Clock).MigrateAsync(CancellationToken.None);
            return db;
        }

        public void Dispose()
        {
            _dialect.Dispose();
            Directory.Delete(_directory, recursive: true);
        }
    }
}
