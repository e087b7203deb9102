namespace DeliveryBot.Bench;

/// <summary>
/// Whether a commit reaches the disk before it is acknowledged, observed rather than assumed: a writer runs under
/// strace, and each "ACK" it writes to stdout counts as synced if an fsync or fdatasync came after the previous ACK.
/// LiteDB 5.0.21's source says what to expect: TransactionService.Commit hands its pages to
/// DiskService.WriteLogDisk, which only Stream.Writes them to the log; FlushToDisk (fsync) is called by
/// WriteDataDisk, that is by a checkpoint, which runs when the log passes the CHECKPOINT pragma (1,000 pages) or at
/// close (LiteDB/Engine/Disk/DiskService.cs, Engine/Transaction.cs, tag v5.0.21 of github.com/litedb-org/LiteDB).
/// A commit then survives the process being killed (the page cache has it) but not a power cut or a kernel panic.
/// </summary>
internal static class SyncCheck
{
    /// <param name="Synced">Acknowledged commits with a sync between them and the previous acknowledgement.</param>
    public sealed record Result(int Commits, int Synced, int Syncs);

    /// <summary>Null when strace is not on this machine (or may not trace here).</summary>
    public static async Task<Result?> RunAsync(string engine, string directory, int commits)
    {
        if (!(Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
                .Any(d => File.Exists(Path.Combine(d, "strace"))))
            return null;
        var path = BenchEngine.FileFor(engine, directory, "sync");
        var log = Path.Combine(directory, $"strace-{engine}.log");
        using (var writer = ChildProcess.Writer(engine, path, first: 1, count: commits, straceLog: log))
            if (!await writer.WaitForExitAsync(TimeSpan.FromSeconds(120)) || writer.ExitCode != 0) return null;

        var (ready, acked, synced, syncs, since) = (false, 0, 0, 0, 0);
        foreach (var line in File.ReadLines(log))
        {
            // The file's setup (creating it, migrating) syncs too: only what follows READY is per commit. .NET writes
            // stdout through a duplicate of fd 1, so the line is matched by what it writes, not by the descriptor.
            if (line.Contains("write(", StringComparison.Ordinal) && line.Contains("\"READY", StringComparison.Ordinal))
                ready = true;
            else if (!ready) continue;
            else if (line.Contains("fsync(", StringComparison.Ordinal)
                     || line.Contains("fdatasync(", StringComparison.Ordinal))
                (syncs, since) = (syncs + 1, since + 1);
            else if (line.Contains("write(", StringComparison.Ordinal)
                     && line.Contains("\"ACK ", StringComparison.Ordinal))
                (acked, synced, since) = (acked + 1, synced + (since > 0 ? 1 : 0), 0);
        }
        return acked == 0 ? null : new Result(acked, synced, syncs);
    }
}
