using System.Data.Common;
using DeliveryBot.Storage.Sql;
using DeliveryBot.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace DeliveryBot.Storage.Tests.Sqlite;

/// <summary>
/// The group commit's transaction on SQLite's own interface (<see cref="SqliteWriteTransaction"/>): what is written in
/// it, natively or through the provider, is committed or rolled back together, a commit that fails leaves it to be
/// rolled back, and no connection goes back to the pool inside it.
/// </summary>
public sealed class SqliteWriteTransactionTests : IAsyncLifetime
{
    private readonly ScratchDatabase _scratch = new();
    private Database Database => _scratch.Database;

    public Task InitializeAsync() => _scratch.RunAsync(
        "CREATE TABLE p (id INTEGER PRIMARY KEY); " +
        "CREATE TABLE c (id INTEGER PRIMARY KEY, p INTEGER REFERENCES p (id) DEFERRABLE INITIALLY DEFERRED)");

    private async Task<SqliteConnection> KeptConnectionAsync()
    {
        var connection = await Database.OpenAsync(CancellationToken.None);
        KeptStatements.Keep(connection, _scratch.Dialect.NativeStatement);
        return (SqliteConnection)connection;
    }

    private static bool InTransaction(SqliteConnection connection)
        => raw.sqlite3_get_autocommit(connection.Handle) == 0;

    /// <summary>A row written natively and one through the provider (a write read for its rows).</summary>
    private static async Task WriteBothWaysAsync(DbConnection connection, DbTransaction transaction)
    {
        await using (var native = connection.Sql("INSERT INTO p (id) VALUES (@id)", transaction).With("@id", 1))
            await native.ExecuteNonQueryAsync();
        await using var returning = connection.Sql("INSERT INTO p (id) VALUES (@id) RETURNING id", transaction)
            .With("@id", 2);
        await using var rows = await returning.ExecuteReaderAsync();
        Assert.True(await rows.ReadAsync());
        Assert.Equal(2L, rows.GetInt64(0));
    }

    private async Task<long> CountAsync(string table)
    {
        await using var c = await Database.OpenAsync(CancellationToken.None);
        await using var count = c.Sql($"SELECT count(*) FROM {table}");
        return (long)(await count.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task What_is_written_in_it_either_way_is_seen_by_others_only_once_it_is_committed()
    {
        await using var connection = await KeptConnectionAsync();
        using var transaction = SqliteWriteTransaction.Begin(connection);
        Assert.True(InTransaction(connection));

        await WriteBothWaysAsync(connection, transaction);
        Assert.Equal(0, await CountAsync("p"));
        transaction.Commit();

        Assert.False(InTransaction(connection));
        Assert.Equal(2, await CountAsync("p"));
        Assert.Throws<InvalidOperationException>(transaction.Commit);
    }

    [Fact]
    public async Task Disposed_without_a_commit_it_leaves_nothing_written()
    {
        await using var connection = await KeptConnectionAsync();
        using (var transaction = SqliteWriteTransaction.Begin(connection))
            await WriteBothWaysAsync(connection, transaction);

        Assert.False(InTransaction(connection));
        Assert.Equal(0, await CountAsync("p"));
    }

    [Fact]
    public async Task A_commit_that_fails_leaves_it_open_and_disposing_it_rolls_it_back()
    {
        await using var connection = await KeptConnectionAsync();
        using (var transaction = SqliteWriteTransaction.Begin(connection))
        {
            await using (var orphan = connection.Sql("INSERT INTO c (id, p) VALUES (1, 99)", transaction))
                await orphan.ExecuteNonQueryAsync(); // the deferred key is checked at the commit

            var refused = Assert.Throws<SqliteException>(transaction.Commit);

            Assert.Equal(raw.SQLITE_CONSTRAINT, refused.SqliteErrorCode);
            Assert.True(InTransaction(connection));
        }
        Assert.False(InTransaction(connection));
        Assert.Equal(0, await CountAsync("c"));
        using var next = SqliteWriteTransaction.Begin(connection); // and the connection begins again
        next.Commit();
    }

    [Fact]
    public async Task One_ended_behind_its_back_is_let_go_quietly_and_the_connection_serves_on()
    {
        await using var connection = await KeptConnectionAsync();
        using (var transaction = SqliteWriteTransaction.Begin(connection))
        {
            await using var rollback = connection.Sql("ROLLBACK");
            await rollback.ExecuteNonQueryAsync();
        }
        Assert.False(InTransaction(connection));

        using var next = SqliteWriteTransaction.Begin(connection);
        await WriteBothWaysAsync(connection, next);
        next.Commit();
        Assert.Equal(2, await CountAsync("p"));
    }

    [Fact]
    public async Task The_group_commit_writes_in_it_and_a_write_that_fails_is_undone_alone()
    {
        DbTransaction? seen = null;
        await Database.WriteAsync(async (c, tx) => { seen = tx; await WriteBothWaysAsync(c, tx); }, default);
        var failed = Database.WriteAsync(async (c, tx) =>
        {
            await using var insert = c.Sql("INSERT INTO p (id) VALUES (3)", tx);
            await insert.ExecuteNonQueryAsync();
            throw new InvalidOperationException("this write only");
        }, default);

        Assert.IsType<SqliteWriteTransaction>(seen);
        await Assert.ThrowsAsync<InvalidOperationException>(() => failed);
        Assert.Equal(2, await CountAsync("p"));
    }

    public Task DisposeAsync()
    {
        _scratch.Dispose();
        return Task.CompletedTask;
    }
}
