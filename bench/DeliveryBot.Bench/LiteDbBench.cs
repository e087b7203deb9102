using System.Globalization;
using static DeliveryBot.Bench.BenchEngine;

namespace DeliveryBot.Bench;

/// <summary>
/// LiteDB 5.0.21 (Direct and Shared mode) against the project's SQLite store on the same delivery records: does an
/// acknowledged write survive SIGKILL, do two processes on one file keep every write, and how fast are writes,
/// reads and `list`. The design once named LiteDB; this is the figure the keep-or-switch decision rests on.
/// Ratios are LiteDB / SQLite: above 1 LiteDB has more of it (faster, or more records missing).
/// </summary>
internal static class LiteDbBench
{
    public static async Task RunAsync(int records, int rounds, int perProcess)
    {
        var directory = Directory.CreateTempSubdirectory("deliverybot-litedb-").FullName;
        Console.WriteLine(
            $"DeliveryBot litedb benchmark: LiteDB 5.0.21 Direct and Shared against the SQLite store (WAL, " +
            $"synchronous=FULL), {records:N0} records, {rounds} kills and 2 x {perProcess} writes per engine, " +
            $"{Environment.ProcessorCount} cores, .NET {Environment.Version}");
        Header();

        Section($"1. SIGKILL: a writer killed {rounds} times, 20-500 ms after its first commit; the file reopened");
        var random = new Random(2026);
        var crashes = new Dictionary<string, LiteDbCrashCheck.Result>();
        foreach (var engine in All)
            crashes[engine] = await LiteDbCrashCheck.RunAsync(engine, directory, rounds, random);
        Row("acknowledged writes", crashes, r => r.Acknowledged, "");
        Row("acknowledged, missing after the kill", crashes, r => r.Missing, "");
        Row("rounds the file did not open after", crashes, r => r.FailedOpens, "");
        Row("rounds the writer could not start", crashes, r => r.FailedWriters, "");
        Notes(crashes, r => r.Problem);

        Section("   commits synced to disk before their ACK (200 commits under strace)");
        var syncs = new Dictionary<string, SyncCheck.Result?>();
        foreach (var engine in All) syncs[engine] = await SyncCheck.RunAsync(engine, directory, 200);
        if (syncs.Values.Any(s => s is null)) Console.WriteLine("   (strace could not observe every engine: -1 below)");
        Row("acknowledged commits", syncs, s => s?.Commits ?? -1, "");
        Row("... with an fsync/fdatasync before the ACK", syncs, s => s?.Synced ?? -1, "");
        Row("fsync/fdatasync calls per commit", syncs, s => s is null ? -1 : s.Syncs / (double)s.Commits, "");

        Section($"2. Two processes on one file at once, {perProcess} inserts each");
        var pairs = new Dictionary<string, TwoProcessCheck.Result>();
        foreach (var engine in All) pairs[engine] = await TwoProcessCheck.RunAsync(engine, directory, perProcess);
        Row("acknowledged writes (of 2 x requested)", pairs, r => r.Acknowledged, "");
        Row("acknowledged, missing from the file", pairs, r => r.Missing, "");
        Row("records in the file", pairs, r => r.InFile, "");
        Row("writers that crashed or hung", pairs, r => r.Crashed, "");
        Notes(pairs, r => r.Problem);

        Section($"3. Reads and writes, {records:N0} records of {BenchRecords.Tenants} tenants");
        var measures = new Dictionary<string, ReadWriteMeasure.Result>();
        foreach (var engine in All)
            measures[engine] = await ReadWriteMeasure.RunAsync(engine, directory, records, singles: 1_000);
        Row("durable insert, one commit each", measures, m => m.InsertsPerSecond, "ops/s");
        Row("bulk insert, 2,000 per transaction", measures, m => m.ImportPerSecond, "rec/s");
        Row("point read by key (status)", measures, m => m.ReadsPerSecond, "ops/s");
        Row("point read by key, p99", measures, m => m.ReadP99, "ms");
        Row("tenant's open records, count + page (list)", measures, m => m.ListsPerSecond, "ops/s");
        Row("files on disk", measures, m => m.FileMegabytes, "MB");

        Directory.Delete(directory, recursive: true);
    }

    private static void Header() => Console.WriteLine(
        $"{"measure",-44} {"LiteDB Direct",14} {"LiteDB Shared",14} {"SQLite store",14} {"unit",-6} " +
        $"{"Direct/SQLite",13} {"Shared/SQLite",13}");

    private static void Section(string title) => Console.WriteLine($"-- {title}");

    private static void Row<T>(string what, Dictionary<string, T> results, Func<T, double> value, string unit)
    {
        var (direct, shared, sqlite) = (value(results[Direct]), value(results[Shared]), value(results[Sqlite]));
        string Ratio(double lite) => sqlite == 0 || lite < 0 || sqlite < 0 ? "-" : $"x{lite / sqlite:0.00}";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what,-44} {direct,14:#,0.##} {shared,14:#,0.##} {sqlite,14:#,0.##} {unit,-6} " +
            $"{Ratio(direct),13} {Ratio(shared),13}"));
    }

    private static void Notes<T>(Dictionary<string, T> results, Func<T, string> problem)
    {
        foreach (var (engine, result) in results)
            if (problem(result) is { Length: > 0 } text)
                Console.WriteLine($"   {engine}: {(text.Length > 200 ? text[..200] + "..." : text)}");
    }
}
