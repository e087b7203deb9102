using System.Collections.Concurrent;
using System.Data.Common;

namespace DeliveryBot.Storage.Sql;

/// <summary>
/// Group commit for a database with one writer at a time (SQLite). Write transactions asked for at the same moment are
/// queued, run back to back by one writer inside a single database transaction, each in its own savepoint, and
/// committed together: one disk sync covers the whole batch. Without it every write waits for the syncs of all the
/// writes queued before it, so a hundred people clicking at once queue behind a hundred fsyncs. Each write still stands
/// alone: one that throws is rolled back to its savepoint and only its caller sees the exception; nobody hears "done"
/// before the commit that holds their write has returned; if the commit itself fails, every write in the batch fails
/// with the reason and nothing of the batch is on disk.
/// </summary>
/// <remarks>
/// With <c>keepsConnection</c> the writer's connection stays open from one batch to the next (its statements stay
/// prepared, see <see cref="KeptStatements"/>), and is closed after a batch that failed: the next one opens afresh.
/// With <c>unsynced</c> a batch of lazy writes only (<see cref="RunLazilyAsync{T}"/>) is committed without its own
/// disk sync; the next synced commit carries it to the disk. <c>begin</c> begins each batch's transaction (the
/// provider's by default; <see cref="SqlDialect.BeginWriteAsync"/>). <c>afterCommit</c> is told of each commit, on the
/// writer's thread, with the connection it committed on (<see cref="LogCheckpoints"/>).
/// <para>
/// The writer runs on a thread of its own, not the thread pool's. SQLite's calls block the thread that makes them (its
/// asynchronous methods run synchronously, and a commit waits for the disk), and at saturation the writer writes
/// without a break: on a pool worker it took one of the pool's few workers (one a core) away from the clicks, and the
/// pool, which counts a blocked worker as busy, added workers back only as its hill climbing happened to decide, so
/// the same bench ran at 1,500 clicks a second one round and 2,900 the next, and each run of the writer queued behind
/// the requests' work items before it began (docs/performance.md, "the writer on a thread of its own"). A run's first
/// batch left on the pool brought that back; every run is the thread's (<see cref="DedicatedThread"/>). It waits
/// without spinning and ends after <c>idleLifetime</c> without any, or at <see cref="Dispose"/>; the next write starts
/// another.
/// </para>
/// </remarks>
internal sealed class GroupCommit(
    Func<CancellationToken, Task<DbConnection>> open,
    Func<Exception, Exception?> explain,
    Action<Exception>? closeFailed = null,
    bool keepsConnection = false,
    UnsyncedCommit? unsynced = null,
    Func<DbConnection, ValueTask<DbTransaction>>? begin = null,
    TimeSpan? idleLifetime = null,
    Action<DbConnection>? afterCommit = null) : IDisposable
{
    /// <summary>How long the writer's thread waits for the next write before it ends.</summary>
    public static readonly TimeSpan IdleLifetime = TimeSpan.FromMinutes(1);

    /// <summary>Writes per commit at most, so one slow batch never holds a whole burst.</summary>
    public const int MaxBatch = 128;
    private const string Savepoint = "write";

    private readonly Func<DbConnection, ValueTask<DbTransaction>> _begin = begin ?? (c => c.BeginTransactionAsync());
    private readonly ConcurrentQueue<Pending> _queue = new();
    private readonly ConcurrentQueue<Pending> _lazy = new();
    /// <summary>The writer's batch, kept between runs: only the one writer running touches it.</summary>
    private readonly List<Pending> _batch = new(MaxBatch);
    private int _writing;
    private DedicatedThread? _thread;
    private long _commits;
    /// <summary>The writer's connection between batches (only the one writer running touches it).</summary>
    private DbConnection? _connection;

    /// <summary>Database transactions committed so far (each holds one or more writes).</summary>
    public long Commits => Interlocked.Read(ref _commits);

    public async Task<T> RunAsync<T>(Func<DbConnection, DbTransaction, Task<T>> write, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var pending = new Pending(write, ResultOf<T>.Read, Lazy: false, ct);
        _queue.Enqueue(pending);
        StartWriter();
        return (T)(await pending.Done.Task)!;
    }

    /// <summary>
    /// A write nobody is waiting on to carry on (an outbox row marked sent): it rides along with the next commit
    /// someone else starts, and starts one itself only after <paramref name="atMost"/>. A busy database never commits
    /// it alone, and a quiet one commits it without a disk sync where the database allows
    /// (<see cref="UnsyncedCommit"/>), so it never makes a person's click wait for an extra sync. It must be a write
    /// whose loss to a power cut costs nothing a crash would not cost too: the sync of the next commit, whoever's,
    /// takes it to the disk.
    /// </summary>
    public async Task<T> RunLazilyAsync<T>(Func<DbConnection, DbTransaction, Task<T>> write, TimeSpan atMost)
    {
        var pending = new Pending(write, ResultOf<T>.Read, Lazy: true, CancellationToken.None);
        _lazy.Enqueue(pending);
        // A writer that is running takes it before it stops (it looks at both queues last, WriteAllAsync): no timer.
        // At saturation that is nearly every such write, each of which made a timer and two tasks.
        if (Volatile.Read(ref _writing) == 0)
            using (ExecutionContext.SuppressFlow())
                _ = Task.Delay(atMost).ContinueWith(_ => { if (!_lazy.IsEmpty) StartWriter(); }, TaskScheduler.Default);
        return (T)(await pending.Done.Task)!;
    }

    /// <summary>
    /// Starts the writer unless it is running; it stops when the queue is empty. Only the caller that flips
    /// <see cref="_writing"/> asks the thread for a run, so at most one run is ever asked for and not yet taken.
    /// </summary>
    private void StartWriter()
    {
        if (Interlocked.CompareExchange(ref _writing, 1, 0) != 0) return;
        // Made on first use, so a group that never writes never has one. Only the caller that flipped _writing gets
        // here, and the next only after the run this one asks for: no two ever race on the field.
        (_thread ??= new DedicatedThread("database writer", Writer, idleLifetime ?? IdleLifetime)).Ask();
    }

    /// <summary>One run of the writer, on its thread.</summary>
    private void Writer()
    {
        // Its awaits complete synchronously on SQLite; were one ever not to, the run would go on where its
        // continuation ran, and this thread would wait for it to end.
        try { WriteAllAsync().GetAwaiter().GetResult(); }
        // It tells every caller its outcome and releases the writer whatever happens; were a fault of its own ever to
        // escape, the thread must live on for the next write, as a pool task's fault went unobserved.
        catch (Exception) { }
    }

    private async Task WriteAllAsync()
    {
        do
        {
            try
            {
                var batch = _batch;
                while (Take(batch))
                {
                    try { await CommitAsync(batch); }
                    // no caller is ever left waiting
                    catch (Exception e) { foreach (var pending in batch) pending.Done.TrySetException(e); }
                }
            }
            finally
            {
                _batch.Clear(); // the callers' writes are not held on to until the next run
                // A full fence, not a release: the look below must not be read before this store is seen, or a write
                // queued in between would find the writer running and the writer find no write (each queue's enqueue
                // is a full fence on the other side).
                Interlocked.Exchange(ref _writing, 0);
            }
            // A write queued between the last look and the release above would wait forever: look once more (a lazy
            // write too, since one queued while the writer ran armed no timer).
        } while ((!_queue.IsEmpty || !_lazy.IsEmpty) && Interlocked.CompareExchange(ref _writing, 1, 0) == 0);
    }

    private bool Take(List<Pending> batch)
    {
        batch.Clear();
        while (batch.Count < MaxBatch && _queue.TryDequeue(out var next)) batch.Add(next);
        while (batch.Count < MaxBatch && _lazy.TryDequeue(out var along)) batch.Add(along);
        return batch.Count > 0;
    }

    private async Task CommitAsync(List<Pending> batch)
    {
        var outcomes = new Outcome[batch.Count];
        var begun = false;
        var committed = false;
        var relaxed = false;
        DbConnection? connection = null;
        try
        {
            (connection, _connection) = (_connection ?? await open(CancellationToken.None), null);
            if (unsynced is not null && batch.TrueForAll(p => p.Lazy))
            {
                relaxed = true; // from here on the connection is not known to sync, whatever this statement does
                await ExecuteAsync(connection, null, unsynced.Relax);
            }
            await using (var transaction = await _begin(connection))
            {
                begun = true;
                for (var i = 0; i < batch.Count; i++)
                {
                    var pending = batch[i];
                    if (pending.Ct.IsCancellationRequested)
                    {
                        outcomes[i] = Outcome.Failed(new OperationCanceledException(pending.Ct));
                        continue;
                    }
                    await ExecuteAsync(connection, transaction, $"SAVEPOINT {Savepoint}");
                    try
                    {
                        var written = pending.Write(connection, transaction);
                        await written;
                        outcomes[i] = Outcome.Written(pending.Read(written));
                        await ExecuteAsync(connection, transaction, $"RELEASE {Savepoint}");
                    }
                    catch (Exception e)
                    {
                        // this write only; the others in the batch stand
                        await RollBackAsync(connection, transaction, e);
                        outcomes[i] = Outcome.Failed(explain(e) ?? e);
                    }
                }
                await transaction.CommitAsync();
                committed = true;
                Interlocked.Increment(ref _commits);
            }
            afterCommit?.Invoke(connection);
            if (relaxed && !await RestoreSyncAsync(connection)) await connection.DisposeAsync();
            else if (keepsConnection) (_connection, connection) = (connection, null);
            else await connection.DisposeAsync();
        }
        catch (Exception e) when (!committed)
        {
            if (connection is not null)
            {
                if (relaxed) unsynced!.Forget(connection);
                await CloseAsync(connection);
            }
            // Opening, beginning, committing, or a fault that aborted the whole transaction (disk full, I/O error):
            // nothing of this batch is written, and every caller is told why.
            var reason = explain(e) ?? e;
            foreach (var pending in batch) pending.Done.TrySetException(reason);
            // The database would not even begin (another process held its lock for the whole lock timeout, or the file
            // is unusable): the writes that queued meanwhile would only wait for the same thing again, past what a
            // person clicking can wait. They fail now, with the same reason, and each wait stays within one timeout.
            if (!begun)
            {
                while (_queue.TryDequeue(out var waiting)) waiting.Done.TrySetException(reason);
                while (_lazy.TryDequeue(out var waiting)) waiting.Done.TrySetException(reason);
            }
            return;
        }
        catch (Exception e)
        {
            // Committed, then closing the connection failed: what was written stands, and each caller hears its
            // outcome; the operator hears of the failure.
            closeFailed?.Invoke(e);
        }
        for (var i = 0; i < batch.Count; i++)
        {
            if (outcomes[i].Error is { } error) batch[i].Done.TrySetException(error);
            else batch[i].Done.TrySetResult(outcomes[i].Value);
        }
    }

    /// <summary>
    /// Undoes one write. After some faults (a full disk, an I/O error, a lock it could not get) SQLite may already have
    /// rolled back the whole transaction, leaving no savepoint: then the batch as a whole has failed, for the write's
    /// reason.
    /// </summary>
    private static async Task RollBackAsync(DbConnection connection, DbTransaction transaction, Exception reason)
    {
        try
        {
            await ExecuteAsync(connection, transaction, $"ROLLBACK TO {Savepoint}");
            await ExecuteAsync(connection, transaction, $"RELEASE {Savepoint}");
        }
        // "no such savepoint", "the transaction has completed"
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(reason);
        }
    }

    /// <summary>
    /// Makes the connection sync its commits again; false if it could not, and then the connection is forgotten as
    /// prepared (whoever opens its handle next sets it up afresh) and must be closed, never kept.
    /// </summary>
    private async Task<bool> RestoreSyncAsync(DbConnection connection)
    {
        try
        {
            await ExecuteAsync(connection, null, unsynced!.Restore);
            return true;
        }
        catch (Exception e) // whatever went wrong, the connection may still commit unsynced: it goes
        {
            unsynced!.Forget(connection);
            closeFailed?.Invoke(e);
            return false;
        }
    }

    /// <summary>A savepoint or setting statement, as a kept statement where the connection keeps them.</summary>
    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql)
    {
        await using var command = connection.Sql(sql, transaction);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Closes a connection a failed batch leaves; that failure is the one its callers hear.</summary>
    private static async Task CloseAsync(DbConnection connection)
    {
        try { await connection.DisposeAsync(); }
        catch (Exception e) when (e is DbException or InvalidOperationException) { }
    }

    /// <summary>
    /// Closes the writer's kept connection and lets its thread end; called when no write is running any more.
    /// </summary>
    public void Dispose()
    {
        Volatile.Read(ref _thread)?.Dispose();
        Interlocked.Exchange(ref _connection, null)?.Dispose();
    }

    /// <summary>
    /// A write waiting for its batch. Its task is kept as the untyped task it is (a <c>Task&lt;T&gt;</c>) and its
    /// value read by <see cref="Read"/>: wrapping each write in a lambda that awaits it made a closure, a delegate
    /// and a state machine per write, two writes a click.
    /// </summary>
    private sealed record Pending(
        Func<DbConnection, DbTransaction, Task> Write, Func<Task, object?> Read, bool Lazy, CancellationToken Ct)
    {
        public TaskCompletionSource<object?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>The value of a write's completed task, one delegate per type of value.</summary>
    private static class ResultOf<T>
    {
        public static readonly Func<Task, object?> Read = task => ((Task<T>)task).Result;
    }

    private readonly record struct Outcome(object? Value, Exception? Error)
    {
        public static Outcome Written(object? value) => new(value, null);
        public static Outcome Failed(Exception error) => new(null, error);
    }
}

/// <summary>
/// How a connection commits without a disk sync and syncs again (SQLite: <c>PRAGMA synchronous</c>), and how it is
/// forgotten as prepared when it could not be made to sync again, so nothing ever commits on it unsynced by mistake.
/// </summary>
internal sealed record UnsyncedCommit(string Relax, string Restore, Action<DbConnection> Forget);
