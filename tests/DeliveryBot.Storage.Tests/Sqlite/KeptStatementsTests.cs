using System.Data.Common;
using DeliveryBot.Storage.Sql;
using DeliveryBot.Storage.Sqlite;
using DeliveryBot.Storage.Tests.Contract;

namespace DeliveryBot.Storage.Tests.Sqlite;

/// <summary>
/// Statements kept prepared on connections kept open: a text run again is the command prepared before, with nothing of
/// its last use left on it; a use inside another use of the same text, and texts past the limit, get commands of their
/// own; a connection whose read failed is not used again.
/// </summary>
public sealed class KeptStatementsTests : IAsyncLifetime
{
    private readonly SqliteFile _file = new();
    private SqliteDialect _dialect = null!;
    private Database _database = null!;

    public Task InitializeAsync()
    {
        _dialect = new SqliteDialect($"Data Source={_file.Path}", _file.Directory);
        _database = new Database(_dialect);
        return Task.CompletedTask;
    }

    private async Task<DbConnection> KeptConnectionAsync()
    {
        var connection = await _database.OpenAsync(CancellationToken.None);
        KeptStatements.Keep(connection);
        return connection;
    }

    private static async Task<long> ScalarAsync(DbCommand command)
        => Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_text_run_again_is_the_command_prepared_before_without_its_last_values()
    {
        await using var c = await KeptConnectionAsync();
        DbCommand first;
        await using (first = c.Sql("SELECT @x + 1").With("@x", 1))
            Assert.Equal(2, await ScalarAsync(first));

        Assert.All(first.Parameters.Cast<DbParameter>(), p => Assert.Equal(DBNull.Value, p.Value));
        await using var again = c.Sql("SELECT @x + 1");

        Assert.Same(first, again);
        Assert.Equal(42, await ScalarAsync(again.With("@x", 41)));
    }

    [Fact]
    public async Task Only_the_values_given_in_this_use_are_bound_in_any_order()
    {
        await using var c = await KeptConnectionAsync();
        const string sql = "SELECT @a * 10 + @b";
        await using (var both = c.Sql(sql).With("@a", 1).With("@b", 2))
            Assert.Equal(12, await ScalarAsync(both));
        await using (var swapped = c.Sql(sql).With("@b", 3).With("@a", 4))
            Assert.Equal(43, await ScalarAsync(swapped));

        // @b is not given: the last use's value is not bound in its place
        await using var half = c.Sql(sql).With("@a", 5);
        Assert.Contains("@b", (await Assert.ThrowsAsync<InvalidOperationException>(() => ScalarAsync(half))).Message);
    }

    [Fact]
    public async Task A_connection_that_keeps_nothing_makes_a_command_each_time()
    {
        await using var c = await _database.OpenAsync(CancellationToken.None);
        DbCommand first;
        await using (first = c.Sql("SELECT 1")) Assert.Equal(1, await ScalarAsync(first));
        await using var again = c.Sql("SELECT 1");

        Assert.NotSame(first, again);
        Assert.IsNotType<KeptCommand>(again);
    }

    [Fact]
    public async Task The_same_text_asked_for_while_it_is_in_use_gets_a_command_of_its_own()
    {
        await using var c = await KeptConnectionAsync();
        await using var outer = c.Sql("SELECT value FROM json_each(@list)").With("@list", "[1,2]");
        await using var rows = await outer.ExecuteReaderAsync();
        var sums = new List<long>();
        while (await rows.ReadAsync())
        {
            await using var inner = c.Sql("SELECT value FROM json_each(@list)").With("@list", "[10]");
            Assert.NotSame(outer, inner);
            sums.Add(rows.GetInt64(0) + await ScalarAsync(inner));
        }

        Assert.Equal([11L, 12L], sums);
    }

    [Fact]
    public async Task Texts_past_the_limit_are_not_kept()
    {
        await using var c = await KeptConnectionAsync();
        for (var i = 0; i < KeptStatements.MostKept; i++)
            await using (var kept = c.Sql($"SELECT {i}"))
                Assert.Equal(i, await ScalarAsync(kept));

        DbCommand past;
        await using (past = c.Sql("SELECT -1")) Assert.Equal(-1, await ScalarAsync(past));
        await using var pastAgain = c.Sql("SELECT -1");
        await using var keptAgain = c.Sql("SELECT 0");

        Assert.NotSame(past, pastAgain);
        Assert.IsType<KeptCommand>(keptAgain);
    }

    [Fact]
    public async Task A_kept_command_stays_with_its_text_and_its_connection()
    {
        await using var c = await KeptConnectionAsync();
        await using var command = c.Sql("SELECT 1");

        Assert.Throws<InvalidOperationException>(() => command.CommandText = "SELECT 2");
        Assert.Throws<InvalidOperationException>(() => command.Connection = null);
        Assert.Equal(1, await ScalarAsync(command));
    }

    [Fact]
    public async Task Reads_run_on_a_kept_connection_and_one_that_failed_is_not_used_again()
    {
        var first = await _database.ReadAsync(c => Task.FromResult(c), CancellationToken.None);
        var second = await _database.ReadAsync(c => Task.FromResult(c), CancellationToken.None);
        Assert.Same(first, second);

        await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => _database.ReadAsync(async c =>
        {
            await using var wrong = c.Sql("SELECT * FROM no_such_table");
            return await wrong.ExecuteScalarAsync();
        }, CancellationToken.None));
        var after = await _database.ReadAsync(c => Task.FromResult(c), CancellationToken.None);

        Assert.NotSame(first, after);
        Assert.Equal(System.Data.ConnectionState.Closed, first.State);
        _database.Dispose();
        Assert.Equal(System.Data.ConnectionState.Closed, after.State);
    }

    public Task DisposeAsync()
    {
        _database.Dispose();
        _dialect.Dispose();
        _file.Delete();
        return Task.CompletedTask;
    }
}
