using System.Data.Common;
using Microsoft.Extensions.Logging;

namespace DeliveryBot.Storage.Sql;

/// <summary>
/// Copies the database's log into its file apart from the writer (SQLite's checkpoint), on a thread and a connection
/// of its own, each time the writer has written <see cref="BackgroundCheckpoint.EveryPages"/> more pages. The writer's
/// own checkpoint still runs when the log reaches its limit (it alone can start the log again, and it bounds the log
/// whatever happens here), but finds most of the log copied already, so the clicks queued behind that commit wait for
/// the rest only. A pass that fails is forgotten: the next one, or the writer's, copies what it did not.
/// </summary>
internal sealed partial class LogCheckpoints(
    BackgroundCheckpoint checkpoint,
    Func<CancellationToken, Task<DbConnection>> open,
    ILogger logger) : IDisposable
{
    private readonly ILogger _logger = logger;
    private DedicatedThread? _thread;
    /// <summary>Pages written since the last pass was asked for: only the writer's thread touches it.</summary>
    private long _pages;
    private long _passes;
    private TaskCompletionSource _passed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Passes that have run to the end.</summary>
    public long Passes => Interlocked.Read(ref _passes);

    /// <summary>Completes once <paramref name="count"/> passes have run to the end.</summary>
    public async Task PassedAsync(long count, CancellationToken ct)
    {
        while (true)
        {
            var next = Volatile.Read(ref _passed); // before the count: a pass counts, then completes this
            if (Passes >= count) return;
            await next.Task.WaitAsync(ct);
        }
    }

    /// <summary>
    /// After each commit, on the writer's thread: asks for a pass once enough pages have been written.
    /// </summary>
    public void Committed(DbConnection writer)
    {
        _pages += checkpoint.PagesWritten(writer);
        if (_pages < checkpoint.EveryPages) return;
        _pages = 0;
        // made on first use, on the writer's thread alone, like _pages
        (_thread ??= new DedicatedThread("log checkpoints", Pass, GroupCommit.IdleLifetime)).Ask();
    }

    /// <summary>
    /// One pass, on the thread: SQLite's calls are synchronous, and the thread is there to block on them.
    /// </summary>
    private void Pass()
    {
        try
        {
            // a connection of the pool's, so a pass after a minute's quiet finds one open
            using (var connection = open(CancellationToken.None).GetAwaiter().GetResult())
            using (var pass = connection.Sql(checkpoint.Statement))
                pass.ExecuteNonQuery();
            Interlocked.Increment(ref _passes);
            Interlocked.Exchange(ref _passed, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
        catch (Exception e)
        {
            Failed(e);
        }
    }

    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning,
        Message = "Copying the database's log into its file apart from the writer failed; the writer's own " +
            "checkpoint will copy it")]
    private partial void Failed(Exception e);

    /// <summary>Lets the thread end after the pass it is running, if any.</summary>
    public void Dispose() => Volatile.Read(ref _thread)?.Dispose();
}

/// <summary>
/// A checkpoint run apart from the writer: its statement, how many pages the writer writes between two, and how the
/// pages a connection wrote since it was last asked are read.
/// </summary>
internal sealed record BackgroundCheckpoint(string Statement, long EveryPages, Func<DbConnection, long> PagesWritten);
