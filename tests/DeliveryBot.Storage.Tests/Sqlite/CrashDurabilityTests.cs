using System.Collections.Concurrent;
using System.Diagnostics;
using DeliveryBot.Storage.Sql;
using DeliveryBot.Storage.Sqlite;
using DeliveryBot.Storage.Tests.Contract;
using Microsoft.Data.Sqlite;

namespace DeliveryBot.Storage.Tests.Sqlite;

/// <summary>
/// A child process commits gate decisions and acknowledges each commit; it is killed with SIGKILL at a random
/// point, several times over the same file. Every acknowledged write must be there and the file must open
/// cleanly and pass SQLite's integrity check each time.
/// </summary>
public sealed class CrashDurabilityTests : IDisposable
{
    private const int Rounds = 5;
    private readonly SqliteFile _file = new();

    [Fact]
    public async Task Every_acknowledged_decision_survives_kill_9_and_the_file_reopens_cleanly()
    {
        var acknowledged = new Dictionary<string, long>();
        var random = new Random(20261122);
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var (id, version) in await RunAndKillAsync(ackTarget: random.Next(20, 120)))
                acknowledged[id] = Math.Max(acknowledged.GetValueOrDefault(id), version);

            await using var connection = new SqliteConnection($"Data Source={_file.Path}");
            await connection.OpenAsync();
            await using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", await check.ExecuteScalarAsync());
        }

        using var dialect = new SqliteDialect($"Data Source={_file.Path}", _file.Directory);
        var store = new SqlDeliveryStore(new Database(dialect));
        Assert.True(acknowledged.Count > Rounds);
        foreach (var (id, version) in acknowledged)
        {
            var delivery = await store.FindAsync(id);
            Assert.NotNull(delivery);
            Assert.True(
                delivery.Version >= version, $"{id}: acknowledged version {version}, stored {delivery.Version}");
            Assert.Contains(delivery.State.Audit, e => e.Version == version);
        }
    }

    private async Task<List<(string Id, long Version)>> RunAndKillAsync(int ackTarget)
    {
        var writer = Path.Combine(AppContext.BaseDirectory, "DeliveryBot.Storage.CrashWriter.dll");
        var info = new ProcessStartInfo("dotnet", [writer, _file.Path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var acks = new ConcurrentQueue<(string, long)>();
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Split(' ') is ["ACK", var id, var version])
            {
                acks.Enqueue((id, long.Parse(version, System.Globalization.CultureInfo.InvariantCulture)));
                if (acks.Count >= ackTarget) enough.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) errors.Enqueue(e.Data); };
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => enough.TrySetException(
            new InvalidOperationException($"The writer exited by itself: {string.Join('\n', errors)}"));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        await enough.Task.WaitAsync(TimeSpan.FromSeconds(120));
        process.Kill(); // SIGKILL on Linux: no flush, no shutdown hooks
        await process.WaitForExitAsync();
        return [.. acks];
    }

    public void Dispose() => _file.Delete();
}
