using System.Diagnostics;

namespace DeliveryBot.Bench;

/// <summary>
/// Throughput on one store: durable inserts one commit each (a save the bot acknowledges), a bulk import in
/// transactions of 2,000, point reads by key back into the domain (`status`), and the tenant's open records (`list`).
/// Records are built before the clock starts, so the figures are the store's alone.
/// </summary>
internal static class ReadWriteMeasure
{
    private const int Batch = 2_000;

    public sealed record Result(
        double InsertsPerSecond, double ImportPerSecond, double ReadsPerSecond, double ReadP99,
        double ListsPerSecond, double FileMegabytes);

    public static async Task<Result> RunAsync(string engine, string directory, int records, int singles)
    {
        var path = BenchEngine.FileFor(engine, directory, "measure");
        var made = new BenchRecords(42);
        var random = new Random(7);
        using var store = await BenchEngine.OpenAsync(engine, path);

        singles = Math.Min(singles, records);
        var first = made.Make(1, singles);
        var inserting = Stopwatch.StartNew();
        foreach (var delivery in first) await store.InsertAsync(delivery);
        var inserts = singles / inserting.Elapsed.TotalSeconds;

        var importing = TimeSpan.Zero;
        for (var start = singles + 1; start <= records; start += Batch)
        {
            var batch = made.Make(start, Math.Min(Batch, records - start + 1));
            var timing = Stopwatch.StartNew();
            await store.ImportAsync(batch);
            importing += timing.Elapsed;
        }
        var imports = records > singles ? (records - singles) / importing.TotalSeconds : 0;

        var reads = await Measure.SampleAsync(
            Math.Min(5_000, records * 2), _ => store.FindAsync(BenchRecords.KeyOf(random.Next(1, records + 1))));
        var lists = await Measure.SampleAsync(100, i => store.ListOpenAsync(BenchRecords.Tenant(i)));
        // Every file the store keeps beside its main one counts: SQLite's -wal and -shm, LiteDB's -log.
        var bytes = Directory.EnumerateFiles(directory, $"measure-{engine}*").Sum(f => new FileInfo(f).Length);
        return new Result(
            inserts, imports, 1000 / reads.Average(), Measure.Percentile(reads, 99),
            1000 / lists.Average(), bytes / 1048576.0);
    }
}
