using System.Data.Common;
using DeliveryBot.Application.Storage;
using DeliveryBot.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace DeliveryBot.Storage.Tests.Support;

/// <summary>
/// The real SQLite dialect with a ceiling on the file's size, for a full disk a test can make and clear: SQLite's
/// <c>max_page_count</c> fails a write that needs one more page exactly as a full disk does (SQLITE_FULL, "database or
/// disk is full"). The limit belongs to each connection, so it is set on every connection handed out; raising it is the
/// disk being freed. Everything else is the wrapped dialect's. (Also compiled into DeliveryBot.Teams.Tests.)
/// </summary>
internal sealed class PageLimitedDialect(SqlDialect inner) : SqlDialect, IDisposable
{
    /// <summary>SQLite's own ceiling (the default of max_page_count).</summary>
    private const long NoLimit = 4294967294;

    private long _maxPages = NoLimit;

    /// <summary>
    /// Fills the file up to its current size (every free page taken) and holds it there: the next write that needs a
    /// page fails.
    /// </summary>
    public async Task FillAsync(CancellationToken ct = default)
    {
        await using var connection = CreateConnection();
        await connection.OpenAsync(ct);
        await ExecAsync(connection, "CREATE TABLE IF NOT EXISTS test_filler (bytes BLOB)", ct);
        var pages = Convert.ToInt64(
            await ScalarAsync(connection, "PRAGMA page_count", ct), System.Globalization.CultureInfo.InvariantCulture);
        Interlocked.Exchange(ref _maxPages, pages);
        await ExecAsync(connection, $"PRAGMA max_page_count = {pages}", ct);
        try
        {
            while (true) await ExecAsync(connection, "INSERT INTO test_filler VALUES (zeroblob(512))", ct);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 13)
        {
            // Full: the free pages and the room left in the filler's own pages are taken.
        }
    }

    /// <summary>Space freed: writes succeed again.</summary>
    public void Clear() => Interlocked.Exchange(ref _maxPages, NoLimit);

    public override async Task PrepareAsync(DbConnection connection, CancellationToken ct)
    {
        await inner.PrepareAsync(connection, ct);
        await ExecAsync(connection, $"PRAGMA max_page_count = {Interlocked.Read(ref _maxPages)}", ct);
    }

    private static async Task ExecAsync(DbConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.Sql(sql);
        await using var reader = await command.ExecuteReaderAsync(ct); // the pragma answers with a row
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.Sql(sql);
        return await command.ExecuteScalarAsync(ct);
    }

    public override string Name => inner.Name;
    public override string Describe => inner.Describe;
    public override DbConnection CreateConnection() => inner.CreateConnection();
    public override bool SingleWriter => inner.SingleWriter;
    /// <summary>
    /// The limit is a connection's own, set as it opens; a connection kept open from before the disk "filled" would
    /// not see it. A real full disk is every connection's: the writer's kept connection fails and is closed like any.
    /// </summary>
    public override bool KeepsStatements => false;
    public override void AddJson(DbCommand command, string name, string json) => inner.AddJson(command, name, json);
    public override string SkipLocked => inner.SkipLocked;
    public override bool IsUniqueViolation(DbException exception) => inner.IsUniqueViolation(exception);
    public override IReadOnlyList<Migration> Migrations => inner.Migrations;
    public override Task GuardAsync(DbConnection connection, CancellationToken ct) => inner.GuardAsync(connection, ct);
    public override Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct)
        => inner.LockForMigrationAsync(connection, transaction, ct);
    public override StorageUnavailableException? Explain(Exception exception) => inner.Explain(exception);
    public void Dispose() => (inner as IDisposable)?.Dispose();
}
