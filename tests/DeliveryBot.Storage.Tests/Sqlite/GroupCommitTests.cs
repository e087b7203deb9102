using System.Data.Common;
using DeliveryBot.Storage.Sql;
using DeliveryBot.Storage.Sqlite;
using DeliveryBot.Storage.Tests.Contract;

namespace DeliveryBot.Storage.Tests.Sqlite;

/// <summary>
/// Group commit on SQLite: writes asked for together share one transaction and one disk sync, yet each succeeds or
/// fails on its own, nobody hears "done" before their write is committed, and no write queued at any moment is left
/// behind.
/// </summary>
public sealed class GroupCommitTests : IAsyncLifetime
{
    private readonly ScratchDatabase _scratch = new();
    private SqlDialect Dialect => _scratch.Dialect;
    private Database Database => _scratch.Database;
    private SqliteFile Scratch => _scratch.File;

    public Task InitializeAsync() => _scratch.RunAsync("CREATE TABLE t (n INTEGER PRIMARY KEY, payload BLOB NULL)");

    private static async Task InsertAsync(DbConnection c, DbTransaction tx, int n, byte[]? payload = null)
    {
        await using var insert = c.Sql("INSERT INTO t (n, payload) VALUES (@n, @p)", tx)
            .With("@n", n).With("@p", payload);
        await insert.ExecuteNonQueryAsync();
    }

    private async Task<List<long>> RowsAsync()
    {
        await using var c = await Database.OpenAsync(CancellationToken.None);
        await using var select = c.Sql("SELECT n FROM t ORDER BY n");
        await using var reader = await select.ExecuteReaderAsync();
        var rows = new List<long>();
        while (await reader.ReadAsync()) rows.Add(reader.GetInt64(0));
        return rows;
    }

    /// <summary>
    /// A write that holds the writer until released, so the writes queued meanwhile form the next batch together.
    /// </summary>
    private static (Task Write, TaskCompletionSource Release, TaskCompletionSource Started) Blocker(
        GroupCommit group, int n)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var write = group.RunAsync(
            async (c, tx) =>
            {
                started.SetResult();
                await release.Task;
                await InsertAsync(c, tx, n);
                return true;
            },
            CancellationToken.None);
        return (write, release, started);
    }

    private GroupCommit NewGroup(Func<DbConnection, Task>? prepare = null, TimeSpan? idleLifetime = null)
        => new(async ct =>
        {
            var c = await Database.OpenAsync(ct);
            if (prepare is not null) await prepare(c);
            return c;
        }, e => Dialect.Explain(e), idleLifetime: idleLifetime);

    /// <summary>A group that keeps its writer's connection, each connection it opens listed in order.</summary>
    private GroupCommit KeepingGroup(List<DbConnection> opened, UnsyncedCommit? unsynced = null)
        => new(
            async ct =>
            {
                var c = await Database.OpenAsync(ct);
                opened.Add(c);
                return c;
            },
            e => Dialect.Explain(e),
            keepsConnection: true,
            unsynced: unsynced);

    [Fact]
    public async Task Writes_asked_for_together_share_one_commit()
    {
        var group = NewGroup();
        var (first, release, started) = Blocker(group, 0);
        await started.Task;
        var queued = Enumerable.Range(1, 50)
            .Select(n => group.RunAsync(
                async (c, tx) => { await InsertAsync(c, tx, n); return n; }, CancellationToken.None))
            .ToList();
        Assert.All(queued, w => Assert.False(w.IsCompleted)); // nobody hears "done" before their commit

        release.SetResult();
        await first;
        Assert.Equal(Enumerable.Range(1, 50), await Task.WhenAll(queued));
        Assert.Equal(2, group.Commits);
        Assert.Equal(51, (await RowsAsync()).Count);
    }

    [Fact]
    public async Task Lazy_writes_ride_along_with_a_commit_and_otherwise_commit_by_the_soonest_time_any_allows()
    {
        var group = NewGroup();
        var (first, release, started) = Blocker(group, 0);
        await started.Task;
        // asked while the writer runs: taken by it, not left to a timer (an hour here)
        var along = group.RunLazilyAsync(
            async (c, tx) => { await InsertAsync(c, tx, 1); return 1; }, TimeSpan.FromHours(1));
        release.SetResult();
        await first;
        Assert.Equal(1, await along);

        // nothing else is written: one lazy write may wait an hour, the next may not, and the first goes with it
        var patient = group.RunLazilyAsync(
            async (c, tx) => { await InsertAsync(c, tx, 2); return 2; }, TimeSpan.FromHours(1));
        var urgent = group.RunLazilyAsync(
            async (c, tx) => { await InsertAsync(c, tx, 3); return 3; }, TimeSpan.FromMilliseconds(10));
        var both = Task.WhenAll(patient, urgent);
        // a bound only for a failure to say what happened, far above the 10 ms asked for
        if (await Task.WhenAny(both, Task.Delay(TimeSpan.FromSeconds(30))) != both)
            Assert.Fail($"after 30 s the hour-long write was {patient.Status}, the 10 ms one {urgent.Status}");
        var written = await both;
        Assert.Equal([2, 3], written);
        var rows = await RowsAsync();
        Assert.Equal([0, 1, 2, 3], rows);
    }

    [Fact]
    public async Task A_write_that_fails_is_undone_alone_and_only_its_caller_hears_why()
    {
        var group = NewGroup();
        var (first, release, started) = Blocker(group, 0);
        await started.Task;
        var before = group.RunAsync(
            async (c, tx) => { await InsertAsync(c, tx, 1); return true; }, CancellationToken.None);
        var failing = group.RunAsync<bool>(
            async (c, tx) =>
            {
                await InsertAsync(c, tx, 2);
                throw new InvalidOperationException("the record moved on");
            },
            CancellationToken.None);
        // a constraint violation
        var duplicate = group.RunAsync(
            async (c, tx) => { await InsertAsync(c, tx, 1); return true; }, CancellationToken.None);
        var after = group.RunAsync(
            async (c, tx) => { await InsertAsync(c, tx, 3); return true; }, CancellationToken.None);

        release.SetResult();
        await Task.WhenAll(first, before, after);
        Assert.Equal(
            "the record moved on", (await Assert.ThrowsAsync<InvalidOperationException>(() => failing)).Message);
        await Assert.ThrowsAnyAsync<DbException>(() => duplicate);
        Assert.Equal([0L, 1L, 3L], await RowsAsync());
        Assert.Equal(2, group.Commits);
    }

    [Fact]
    public async Task A_write_cancelled_while_queued_is_never_run()
    {
        var group = NewGroup();
        var (first, release, started) = Blocker(group, 0);
        await started.Task;
        using var cancel = new CancellationTokenSource();
        var ran = false;
        var cancelled = group.RunAsync(
            async (c, tx) => { ran = true; await InsertAsync(c, tx, 1); return true; }, cancel.Token);
        cancel.Cancel();

        release.SetResult();
        await first;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.False(ran);
        Assert.Equal([0L], await RowsAsync());
    }

    [Fact]
    public async Task A_full_disk_fails_every_write_of_the_batch_with_the_reason_and_writes_nothing()
    {
        // SQLite's own "database or disk is full": the file may not grow past the pages it has now.
        var full = NewGroup(async c =>
        {
            await using var limit = c.Sql("PRAGMA max_page_count = 1");
            await limit.ExecuteScalarAsync();
        });
        var writes = Enumerable.Range(1, 20)
            .Select(n => full.RunAsync(
                async (c, tx) => { await InsertAsync(c, tx, n, new byte[64 * 1024]); return true; },
                CancellationToken.None))
            .ToList();

        foreach (var write in writes)
            Assert.Contains(
                "is full",
                (await Assert.ThrowsAsync<DeliveryBot.Application.Storage.StorageUnavailableException>(() => write))
                    .Message);
        Assert.Empty(await RowsAsync());

        // the limit lives on the pooled connections: the fault clears
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var recovered = NewGroup();
        await recovered.RunAsync(
            async (c, tx) => { await InsertAsync(c, tx, 1, new byte[64 * 1024]); return true; },
            CancellationToken.None);
        Assert.Equal([1L], await RowsAsync());
    }

    [Fact]
    public async Task When_another_process_holds_the_lock_too_long_the_queued_writes_fail_with_it_not_waiting_again()
    {
        var locked = new SqliteDialect($"Data Source={Scratch.Path}", Scratch.Directory, TimeSpan.FromSeconds(1));
        var opening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var group = new GroupCommit(
            async ct =>
            {
                opening.TrySetResult();
                return await new Database(locked).OpenAsync(ct);
            },
            e => locked.Explain(e));
        // Another writer, as another process would be: its own connection holding the write lock until disposed.
        var other = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Scratch.Path};Pooling=False");
        await other.OpenAsync();
        await using (var hold = other.CreateCommand())
        {
            hold.CommandText = "BEGIN IMMEDIATE; INSERT INTO t (n) VALUES (-1);";
            await hold.ExecuteNonQueryAsync();
        }

        var first = group.RunAsync(
            async (c, tx) => { await InsertAsync(c, tx, 1); return true; }, CancellationToken.None);
        // the writer has taken the first write and is about to wait for the lock
        await opening.Task;
        var queued = group.RunAsync(
            async (c, tx) => { await InsertAsync(c, tx, 2); return true; }, CancellationToken.None);
        // the lock goes as soon as the first fails
        _ = first.ContinueWith(_ => other.DisposeAsync().AsTask(), TaskScheduler.Default).Unwrap();

        var reason = await Assert.ThrowsAsync<DeliveryBot.Application.Storage.StorageUnavailableException>(() => first);
        Assert.Equal(DeliveryBot.Application.Storage.StorageFault.Locked, reason.Fault);
        Assert.Same(
            reason,
            await Assert.ThrowsAsync<DeliveryBot.Application.Storage.StorageUnavailableException>(() => queued));
        Assert.Empty(await RowsAsync());
        locked.Dispose();
    }

    [Fact]
    public async Task A_kept_writer_connection_serves_batch_after_batch_and_is_opened_afresh_after_a_batch_that_failed()
    {
        var opened = new List<DbConnection>();
        var group = KeepingGroup(opened);
        for (var n = 1; n <= 3; n++)
        {
            var row = n;
            await group.RunAsync(
                async (c, tx) => { await InsertAsync(c, tx, row); return true; }, CancellationToken.None);
        }
        Assert.Single(opened);

        // A write that ends the whole transaction under the batch (as a fault of the file would): the batch fails, and
        // its connection goes with it.
        await Assert.ThrowsAnyAsync<Exception>(() => group.RunAsync<bool>(
            async (c, tx) =>
            {
                await InsertAsync(c, tx, 4);
                await using (var end = c.Sql("ROLLBACK", tx)) await end.ExecuteNonQueryAsync();
                throw new InvalidOperationException("the transaction is gone");
            },
            CancellationToken.None));
        Assert.Equal(System.Data.ConnectionState.Closed, opened[0].State);
        await group.RunAsync(async (c, tx) => { await InsertAsync(c, tx, 5); return true; }, CancellationToken.None);

        Assert.Equal(2, opened.Count);
        Assert.Equal([1L, 2L, 3L, 5L], await RowsAsync());
        group.Dispose();
        Assert.Equal(System.Data.ConnectionState.Closed, opened[1].State);
    }

    /// <summary>SQLite's sync setting on the connection a write runs on: 1 NORMAL (no sync a commit), 2 FULL.</summary>
    private static async Task<long> SynchronousAsync(DbConnection c, DbTransaction? tx = null)
    {
        await using var read = c.Sql("PRAGMA synchronous", tx);
        return (long)(await read.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Lazy_writes_committed_alone_skip_the_sync_and_every_other_commit_syncs()
    {
        var group = new GroupCommit(
            ct => Database.OpenAsync(ct), e => Dialect.Explain(e),
            keepsConnection: true, unsynced: Dialect.UnsyncedCommit);
        Task<long> Lazy(int n, bool fail = false) => group.RunLazilyAsync(
            async (c, tx) =>
            {
                await InsertAsync(c, tx, n);
                return fail ? throw new InvalidOperationException("this write fails") : await SynchronousAsync(c, tx);
            },
            TimeSpan.Zero);
        Task<long> Urgent(int n) => group.RunAsync(
            async (c, tx) => { await InsertAsync(c, tx, n); return await SynchronousAsync(c, tx); },
            CancellationToken.None);

        Assert.Equal(1, await Lazy(1)); // nobody waits on it: no sync of its own
        Assert.Equal(2, await Urgent(2)); // the next commit syncs, and takes the one before to the disk with it
        await Assert.ThrowsAsync<InvalidOperationException>(() => Lazy(3, fail: true));
        Assert.Equal(2, await Urgent(4));

        // a lazy write in the same batch as one someone waits on is synced with it
        var (first, release, started) = Blocker(group, 5);
        await started.Task;
        var along = Lazy(6);
        var urgent = Urgent(7);
        release.SetResult();
        await first;
        var synchronous = await Task.WhenAll(urgent, along);
        Assert.Equal([2L, 2L], synchronous);
        Assert.Equal([1L, 2L, 4L, 5L, 6L, 7L], await RowsAsync());
    }

    [Fact]
    public async Task A_writer_that_cannot_sync_again_is_forgotten_and_closed_and_the_next_batch_opens_afresh()
    {
        var opened = new List<DbConnection>();
        var forgotten = new List<DbConnection>();
        const string restoreThatFails = "SELECT * FROM no_such_table";
        var group = KeepingGroup(opened, new UnsyncedCommit("PRAGMA synchronous = NORMAL", restoreThatFails,
            c =>
            {
                forgotten.Add(c);
                Dialect.UnsyncedCommit!.Forget(c); // else the pool would hand its handle out still unsynced
            }));

        await group.RunLazilyAsync(async (c, tx) => { await InsertAsync(c, tx, 1); return true; }, TimeSpan.Zero);
        Assert.Equal(opened, forgotten);
        Assert.Equal(System.Data.ConnectionState.Closed, opened[0].State);

        Assert.Equal(2, await group.RunAsync(
            async (c, tx) => { await InsertAsync(c, tx, 2); return await SynchronousAsync(c, tx); },
            CancellationToken.None));
        Assert.Equal(2, opened.Count);
        Assert.Equal([1L, 2L], await RowsAsync());
        group.Dispose();
    }

    [Fact]
    public async Task A_connection_forgotten_as_prepared_is_set_to_sync_again_when_its_handle_is_next_opened()
    {
        // the pool hands back the same SQLite handle, which keeps its settings; a prepared handle is not set up again
        await using (var c = await Database.OpenAsync(CancellationToken.None))
        {
            await using var relax = c.Sql("PRAGMA synchronous = NORMAL");
            await relax.ExecuteNonQueryAsync();
            Dialect.UnsyncedCommit!.Forget(c);
        }
        await using var again = await Database.OpenAsync(CancellationToken.None);
        Assert.Equal(2, await SynchronousAsync(again));
    }

    [Fact]
    public async Task A_thousand_writers_at_once_are_all_committed_and_none_is_left_waiting()
    {
        var writes = Enumerable.Range(1, 1000).Select(n => Task.Run(() => Database.WriteAsync(
            async (c, tx) => { await InsertAsync(c, tx, n); return n; }, CancellationToken.None)));

        Assert.Equal(1000, (await Task.WhenAll(writes)).Distinct().Count());
        Assert.Equal(Enumerable.Range(1, 1000).Select(n => (long)n), await RowsAsync());
    }

    /// <summary>Which thread ran a write, and whether it was the pool's (a thread that ended cannot say).</summary>
    private sealed record Ran(Thread Thread, bool OnPool);

    private static Task<Ran> WriteOnAsync(GroupCommit group, int n) => group.RunAsync(
        async (c, tx) =>
        {
            var ran = new Ran(Thread.CurrentThread, Thread.CurrentThread.IsThreadPoolThread);
            await InsertAsync(c, tx, n);
            return ran;
        },
        CancellationToken.None);

    [Fact]
    public async Task The_writer_runs_on_a_thread_of_its_own_kept_from_one_write_to_the_next()
    {
        // SQLite blocks the thread that writes: on a pool worker the writer took a core's worker from the clicks
        using var group = NewGroup();

        var first = await WriteOnAsync(group, 1);
        var second = await WriteOnAsync(group, 2);

        Assert.False(first.OnPool);
        Assert.True(first.Thread.IsBackground); // it never keeps the process from ending
        Assert.Same(first.Thread, second.Thread); // not a thread made per write
        Assert.Equal([1L, 2L], await RowsAsync());
    }

    [Fact]
    public async Task The_writers_thread_ends_when_the_group_is_disposed()
    {
        var group = NewGroup();
        var writer = (await WriteOnAsync(group, 1)).Thread;

        group.Dispose();

        Assert.True(writer.Join(TimeSpan.FromSeconds(30)),
            "The writer's thread was still waiting for work 30 s after its group was disposed.");
    }

    [Fact]
    public async Task A_writer_thread_that_ends_between_writes_leaves_no_write_waiting()
    {
        // No idle lifetime: the thread ends as soon as it finds no run asked for, so every wave of writes races a
        // thread that is ending against a new one being started.
        using var group = NewGroup(idleLifetime: TimeSpan.Zero);
        var ran = new List<Ran>();
        for (var wave = 0; wave < 50; wave++)
        {
            var writes = Enumerable.Range(wave * 20, 20).Select(n => Task.Run(() => WriteOnAsync(group, n)));
            ran.AddRange(await Task.WhenAll(writes));
        }

        Assert.Equal(Enumerable.Range(0, 1000).Select(n => (long)n), await RowsAsync());
        Assert.DoesNotContain(ran, r => r.OnPool);
        Assert.True(ran.Select(r => r.Thread).Distinct().Count() > 1,
            "No writer thread ended between the 50 waves of writes.");
    }

    public Task DisposeAsync()
    {
        _scratch.Dispose();
        return Task.CompletedTask;
    }
}
