using System.Diagnostics;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using DeliveryBot.Storage.Sql;
using DeliveryBot.Storage.Sqlite;
using DeliveryBot.TestKit;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Bench;

/// <summary>
/// SPEC §9 storage targets on SQLite: with N delivery records (default 100,000), `mine` and `status`
/// p99 ≤ 10 ms, the due-reminder scan ≤ 100 ms, resident memory ≤ 250 MB; plus insert throughput.
/// Records cycle through every lifecycle stage; stakeholders come from a pool of 2,000 people.
/// </summary>
internal static class StorageBench
{
    private const int People = 2_000;
    private const int Batch = 2_000;

    public static async Task RunAsync(int records)
    {
        var directory = Directory.CreateTempSubdirectory("deliverybot-bench-").FullName;
        var path = Path.Combine(directory, "bench.db");
        var clock = new ManualClock(Scenario.Start);
        using var dialect = new SqliteDialect($"Data Source={path}", directory);
        var database = new Database(dialect);
        await new Migrator(database, clock).MigrateAsync(CancellationToken.None);
        var store = new SqlDeliveryStore(database);
        var templates = Templates();
        var random = new Random(42);

        Console.WriteLine(
            $"DeliveryBot storage benchmark: SQLite (WAL, synchronous=FULL), {records:N0} records, " +
            $"{Environment.ProcessorCount} cores, .NET {Environment.Version}");
        Console.WriteLine($"{"measure",-44} {"value",12} {"unit",-6} {"target",-16} {"ratio",-8}");

        var sample = Enumerable.Range(0, 2_000)
            .Select(i => Clone(templates[i % templates.Length], i + 1, random))
            .ToList();
        var indexing = Stopwatch.StartNew();
        foreach (var d in sample) DeliveryIndex.Of(d, clock.GetUtcNow());
        Measure.Row(
            "index a record (roles, pending, next due)", indexing.Elapsed.TotalMilliseconds / sample.Count, "ms");
        var serializing = Stopwatch.StartNew();
        foreach (var d in sample) DeliveryBot.Storage.Json.DeliveryJson.Serialize(d.State);
        Measure.Row("serialize a record document", serializing.Elapsed.TotalMilliseconds / sample.Count, "ms");

        var seed = Stopwatch.StartNew();
        for (var start = 0; start < records; start += Batch)
        {
            var batch = Enumerable.Range(start, Math.Min(Batch, records - start))
                .Select(i => Clone(templates[i % templates.Length], i + 1, random))
                .ToList();
            await store.ImportAsync(batch, clock.GetUtcNow());
        }
        seed.Stop();
        Measure.Row("bulk import (one transaction per 2,000)", records / seed.Elapsed.TotalSeconds, "rec/s");
        Measure.Row("database file size", new FileInfo(path).Length / 1048576.0, "MB");
        await using (var connection = await database.OpenAsync(CancellationToken.None))
        {
            await using var sizes = connection.Sql(
                "SELECT AVG(LENGTH(doc)), (SELECT COUNT(*) FROM audit) FROM deliveries");
            await using var r = await sizes.ExecuteReaderAsync();
            await r.ReadAsync();
            Measure.Row("average record document", r.GetDouble(0) / 1024, "KB");
            Measure.Row("audit entries per record", r.GetInt64(1) / (double)records, "");
        }

        var saves = await Measure.SampleAsync(500, async i =>
        {
            var delivery = (await store.FindAsync($"D{random.Next(1, records + 1)}"))!;
            var before = delivery.Version;
            if (!delivery.Execute(
                    new AddRisk($"bench risk {i}", Level.Low, Level.Low, "none"),
                    CommandMeta.Now(clock, $"bench-{i}", delivery.HolderOf(Role.DeliveryManager)!, "bench"))
                .Changed)
                return;
            await store.SaveAsync(delivery, before, clock.GetUtcNow());
        });
        Measure.Row("load + change + durable save, p50", Measure.Percentile(saves, 50), "ms");
        Measure.Row("load + change + durable save, p99", Measure.Percentile(saves, 99), "ms");
        Measure.Row("durable saves, one writer", 1000 / saves.Average(), "ops/s");

        var status = await Measure.SampleAsync(2_000, _ => store.FindAsync($"D{random.Next(1, records + 1)}"));
        Measure.Row("status <id> (load one record), p50", Measure.Percentile(status, 50), "ms");
        Measure.Row("status <id> (load one record), p99", Measure.Percentile(status, 99), "ms", atMost: 10);

        var mine = await Measure.SampleAsync(2_000, _ => store.MineAsync("", [PersonKey(random.Next(People))]));
        Measure.Row("mine (a person's pending actions), p50", Measure.Percentile(mine, 50), "ms");
        Measure.Row("mine (a person's pending actions), p99", Measure.Percentile(mine, 99), "ms", atMost: 10);

        var dueCount = (await store.DueAsync(Scenario.Start.AddDays(60), int.MaxValue)).Count;
        var due = await Measure.SampleAsync(20, _ => store.DueAsync(Scenario.Start.AddDays(60), int.MaxValue));
        Measure.Row($"due scan, all {dueCount:N0} due at once, p50", Measure.Percentile(due, 50), "ms", atMost: 100);
        Measure.Row($"due scan, all {dueCount:N0} due at once, max", due[^1], "ms", atMost: 100);
        var duePage = await Measure.SampleAsync(200, _ => store.DueAsync(Scenario.Start.AddDays(60), 500));
        Measure.Row("due scan (next 500), p99", Measure.Percentile(duePage, 99), "ms", atMost: 100);

        GC.Collect();
        Measure.Row("resident memory now", Environment.WorkingSet / 1048576.0, "MB", atMost: 250);
        Measure.Row("resident memory peak (incl. seeding)", Measure.PeakResidentBytes() / 1048576.0, "MB");

        dialect.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    private static string PersonKey(int i) => $"oid-person-{i}";

    internal static Person PersonFrom(Random random)
    {
        var i = random.Next(People);
        return new Person(PersonKey(i), $"person{i}@contoso.test", $"Person {i}");
    }

    /// <summary>One delivery at each point of the lifecycle, built by the real domain.</summary>
    internal static DeliveryState[] Templates()
    {
        Scenario Closed() { var s = Scenario.Opened().Reviewed(); s.Ok(Dana, new CloseDelivery()); return s; }
        return [.. new Func<Scenario>[]
        {
            () => Scenario.Opened(),
            () => Scenario.Opened().Planned(),
            () => Scenario.Opened().ToProduction(),
            () => Scenario.Opened().ToQa(),
            () => Scenario.Opened().ToDeployment(),
            () => Scenario.Opened().HandoverSent(),
            () => Scenario.Opened().ToReview(),
            Closed,
        }.Select(make => make().Delivery.State)];
    }

    /// <summary>A template with a new id and stakeholders drawn from the pool, so `mine` is selective.</summary>
    private static Delivery Clone(DeliveryState template, int number, Random random)
    {
        var id = $"D{number}";
        var stakeholders = template.Stakeholders.Select(s => s with { Person = PersonFrom(random) });
        return Delivery.Restore(template with
        {
            Id = id,
            Stakeholders = [.. stakeholders],
            Audit = [.. template.Audit.Select(e => e with { CommandId = $"{id}-{e.CommandId}" })],
        });
    }
}
