using DeliveryBot.Storage.Sql;
using DeliveryBot.Storage.Sqlite;

namespace DeliveryBot.Storage.Tests.Sqlite;

/// <summary>
/// SQLite's log is copied into the database file (a checkpoint) only once it holds
/// <see cref="SqliteDialect.CheckpointPages"/> pages, not SQLite's default 1,000, and then starts again from its
/// beginning: the log stays bounded. Read from the two files alone: until a checkpoint, the database file does not
/// change (every page written is in the log); after one, the log's file is not longer than the pages a checkpoint
/// waits for and one batch's.
/// </summary>
public sealed class CheckpointTests : IAsyncLifetime
{
    /// <summary>A row of 8 overflow pages and its leaf: about 9 pages of the log a write.</summary>
    private const int RowBytes = 32_000;
    private const int PageBytes = 4096;
    /// <summary>A frame of the log: its 24-byte header and the page.</summary>
    private const int FrameBytes = PageBytes + 24;

    private readonly ScratchDatabase _scratch = new();
    private string DatabaseFile => _scratch.File.Path;
    private string Log => _scratch.File.Path + "-wal";

    public Task InitializeAsync() => _scratch.RunAsync(
        $"PRAGMA page_size = {PageBytes}; PRAGMA journal_mode = WAL; " +
        "CREATE TABLE filler (n INTEGER PRIMARY KEY, bytes BLOB NOT NULL)");

    public Task DisposeAsync()
    {
        _scratch.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_log_is_copied_into_the_database_after_ten_thousand_pages_and_then_starts_again()
    {
        var started = new FileInfo(DatabaseFile).Length;

        await WriteAsync(from: 0, count: 300); // some 2,700 pages: past SQLite's own default, short of ours
        var log = new FileInfo(Log).Length;
        Assert.True(log > 2_000L * FrameBytes, $"The log holds {log / FrameBytes:N0} pages after 300 rows.");
        Assert.True(new FileInfo(DatabaseFile).Length == started,
            $"A checkpoint ran before {SqliteDialect.CheckpointPages:N0} pages: the database file grew from " +
            $"{started:N0} to {new FileInfo(DatabaseFile).Length:N0} bytes with {log / FrameBytes:N0} in the log.");

        await WriteAsync(from: 300, count: 1_000); // past our threshold
        var bound = (SqliteDialect.CheckpointPages + GroupCommit.MaxBatch * 10L) * FrameBytes;
        Assert.True(new FileInfo(DatabaseFile).Length > started + 500L * RowBytes,
            $"No checkpoint after 1,300 rows: the database file is {new FileInfo(DatabaseFile).Length:N0} bytes.");
        Assert.True(new FileInfo(Log).Length <= bound, $"The log grew to {new FileInfo(Log).Length:N0} bytes.");

        await WriteAsync(from: 1_300, count: 1_300); // another checkpoint's worth: the log is written over again
        Assert.True(new FileInfo(Log).Length <= bound, $"The log grew to {new FileInfo(Log).Length:N0} bytes.");
        await using var c = await _scratch.Database.OpenAsync(CancellationToken.None);
        await using var count = c.Sql("SELECT COUNT(*) FROM filler");
        Assert.Equal(2_600L, (long)(await count.ExecuteScalarAsync())!);
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
