using DeliveryBot.Storage.Sql;
using DeliveryBot.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace DeliveryBot.Storage.Tests.Sqlite;

/// <summary>
/// SQLite's log is copied into the database file (a checkpoint) apart from the writer, by a pass on a thread of its
/// own every quarter of <see cref="SqliteDialect.CheckpointPages"/> pages written, and by the writer's own commit only
/// once the log holds <see cref="SqliteDialect.CheckpointPages"/> (not SQLite's default 1,000), which copies what is
/// left and lets the log start again: the log stays bounded. Read from the two files: until a checkpoint, the database
/// file does not change (every page written is in the log).
/// </summary>
public sealed class CheckpointTests : IAsyncLifetime
{
    /// <summary>A row of 8 overflow pages and its leaf: 8 to 9 pages of the log a write.</summary>
    private const int RowBytes = 32_000;
    private const int PageBytes = 4096;
    /// <summary>A frame of the log: its 24-byte header and the page.</summary>
    private const int FrameBytes = PageBytes + 24;

    private readonly ScratchDatabase _scratch = new();
    private string DatabaseFile => _scratch.File.Path;
    private string Log => _scratch.File.Path + "-wal";

    /// <summary>
    /// SQLite copies the log into the file when the last connection to the database closes, and other test classes
    /// clear every pool at times, which closes the idle connection that made the table: had that been the last, the
    /// file would grow by the table's page with no checkpoint of the writer's or a pass's (it did, once, in CI). A
    /// connection of the test's own, outside the pool, open to the end, so only the checkpoints asked about copy.
    /// </summary>
    private SqliteConnection? _keeper;

    public async Task InitializeAsync()
    {
        await _scratch.RunAsync(
            $"PRAGMA page_size = {PageBytes}; PRAGMA journal_mode = WAL; " +
            "CREATE TABLE filler (n INTEGER PRIMARY KEY, bytes BLOB NOT NULL)");
        _keeper = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = DatabaseFile,
            Pooling = false,
        }.ToString());
        await _keeper.OpenAsync();
        // SQLite opens the file on a connection's first statement, and holds it from then on
        await using var read = _keeper.Sql("SELECT COUNT(*) FROM filler");
        await read.ExecuteScalarAsync();
    }

    public async Task DisposeAsync()
    {
        if (_keeper is not null) await _keeper.DisposeAsync();
        _scratch.Dispose();
    }

    [Fact]
    public async Task A_pass_apart_from_the_writer_copies_the_log_once_a_quarter_of_the_limit_is_written()
    {
        var started = new FileInfo(DatabaseFile).Length;
        var checkpoints = _scratch.Database.Checkpoints!;

        await WriteAsync(from: 0, count: 200); // some 1,800 pages: past SQLite's own default, short of a quarter
        var log = new FileInfo(Log).Length;
        Assert.True(log > 1_500L * FrameBytes, $"The log holds {log / FrameBytes:N0} pages after 200 rows.");
        Assert.True(new FileInfo(DatabaseFile).Length == started && checkpoints.Passes == 0,
            $"A checkpoint ran before {SqliteDialect.CheckpointPages / 4:N0} pages: the database file grew from " +
            $"{started:N0} to {new FileInfo(DatabaseFile).Length:N0} bytes with {log / FrameBytes:N0} in the log " +
            $"({checkpoints.Passes} passes apart).");

        await WriteAsync(from: 200, count: 200); // past a quarter
        using (var wait = new CancellationTokenSource(TimeSpan.FromMinutes(1)))
        {
            try { await checkpoints.PassedAsync(1, wait.Token); }
            catch (OperationCanceledException)
            {
                Assert.Fail($"No pass apart from the writer a minute after 400 rows ({checkpoints.Passes} passes; " +
                    $"the log {new FileInfo(Log).Length / FrameBytes:N0} pages, the database file " +
                    $"{new FileInfo(DatabaseFile).Length:N0} bytes).");
            }
        }
        Assert.True(new FileInfo(DatabaseFile).Length > started + 100L * RowBytes,
            $"A pass ran but the database file is {new FileInfo(DatabaseFile).Length:N0} bytes.");
    }

    [Fact]
    public async Task The_log_stays_bounded_and_the_writer_checkpoints_it_at_its_limit_whatever_the_passes_do()
    {
        var started = new FileInfo(DatabaseFile).Length;
        // The limit and then some: a commit that reaches the limit while a pass is copying cannot checkpoint (SQLite
        // runs one checkpoint at a time) and leaves it to the next commit, so the log can pass the limit by what the
        // writer commits during one pass. Never by a limit's worth: these rows come to three.
        var bound = SqliteDialect.CheckpointPages * 3L / 2 * FrameBytes;

        await WriteAsync(from: 0, count: 1_300); // past the limit
        Assert.True(new FileInfo(DatabaseFile).Length > started + 500L * RowBytes,
            $"No checkpoint after 1,300 rows: the database file is {new FileInfo(DatabaseFile).Length:N0} bytes.");
        Assert.True(new FileInfo(Log).Length <= bound, $"The log grew to {new FileInfo(Log).Length:N0} bytes.");

        await WriteAsync(from: 1_300, count: 2_600); // two more limits' worth: the log is written over again
        Assert.True(new FileInfo(Log).Length <= bound, $"The log grew to {new FileInfo(Log).Length:N0} bytes.");
        await using var c = await _scratch.Database.OpenAsync(CancellationToken.None);
        await using (var count = c.Sql("SELECT COUNT(*) FROM filler"))
            Assert.Equal(3_900L, (long)(await count.ExecuteScalarAsync())!);
        // the writer's own checkpoint at the limit, should no pass ever run: every connection is set so
        await using var limit = c.Sql("PRAGMA wal_autocheckpoint");
        Assert.Equal((long)SqliteDialect.CheckpointPages, (long)(await limit.ExecuteScalarAsync())!);
    }

    /// <summary>
    /// Rows written through the group commit, a hundred at a time so they share commits, as clicks do.
    /// </summary>
    private async Task WriteAsync(int from, int count)
    {
        for (var start = from; start < from + count; start += 100)
            await Task.WhenAll(Enumerable.Range(start, Math.Min(100, from + count - start)).Select(n =>
                _scratch.Database.WriteAsync(async (c, tx) =>
                {
                    await using var insert = c.Sql($"INSERT INTO filler VALUES (@n, randomblob({RowBytes}))", tx)
                        .With("@n", n);
                    return await insert.ExecuteNonQueryAsync();
                }, CancellationToken.None)));
    }
}
