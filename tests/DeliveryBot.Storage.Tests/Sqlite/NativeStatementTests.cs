using System.Data.Common;
using DeliveryBot.Storage.Sql;
using DeliveryBot.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace DeliveryBot.Storage.Tests.Sqlite;

/// <summary>
/// A kept statement run on SQLite's own interface (<see cref="SqliteStatement"/>, its rows read by
/// <see cref="SqliteRows"/>) stores and reads every value as the provider's command and reader would, fails with the
/// provider's exception, leaves no value to the next run, hands anything it does not bind to the provider, and goes
/// with its connection.
/// </summary>
public sealed class NativeStatementTests : IAsyncLifetime
{
    private const string Insert =
        "INSERT INTO t (k, a, b, c, d, e, f, g, h) VALUES (@k, @a, @b, @c, @d, @e, @f, @g, @h)";

    private readonly ScratchDatabase _scratch = new();
    private SqliteDialect Dialect => _scratch.Dialect;
    private Database Database => _scratch.Database;

    public Task InitializeAsync() => _scratch.RunAsync("CREATE TABLE t (k TEXT PRIMARY KEY, a, b, c, d, e, f, g, h)");

    private async Task<DbConnection> KeptConnectionAsync()
    {
        var connection = await Database.OpenAsync(CancellationToken.None);
        KeptStatements.Keep(connection, Dialect.NativeStatement);
        return connection;
    }

    private static DbCommand Row(DbCommand command, string key, params object?[] values)
    {
        command.With("@k", key);
        for (var i = 0; i < values.Length; i++) command.With($"@{(char)('a' + i)}", values[i]);
        return command;
    }

    /// <summary>Each column's SQLite type and literal, as stored.</summary>
    private async Task<string[]> StoredAsync(string key)
    {
        await using var c = await Database.OpenAsync(CancellationToken.None);
        var columns = string.Join(" || '|' || ", "abcdefgh".Select(x => $"typeof({x}) || ':' || quote({x})"));
        await using var read = c.Sql($"SELECT {columns} FROM t WHERE k = @k").With("@k", key);
        return ((string)(await read.ExecuteScalarAsync())!).Split('|');
    }

    public static TheoryData<object?[]> Values => new()
    {
        new object?[] { "Zoë — ✓ 日本", "", 42L, -7, true, false, 2.5, null },
        new object?[] { new string('é', 300), DBNull.Value, long.MinValue, int.MaxValue, 0.0, "x", "y", "z" },
        new object?[] { new byte[] { 0, 1, 255 }, Array.Empty<byte>(), null, DBNull.Value, "", 1L, -1, "∅" },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public async Task Every_value_is_stored_as_the_providers_command_stores_it(object?[] values)
    {
        await using (var kept = await KeptConnectionAsync())
        await using (var insert = kept.Sql(Insert))
        {
            Assert.True(((KeptCommand)insert).RunsNatively);
            Assert.Equal(1, await Row(insert, "native", values).ExecuteNonQueryAsync());
        }
        await using (var plain = await Database.OpenAsync(CancellationToken.None))
        await using (var insert = plain.Sql(Insert))
        {
            Assert.IsNotType<KeptCommand>(insert);
            Assert.Equal(1, await Row(insert, "provider", values).ExecuteNonQueryAsync());
        }

        Assert.Equal(await StoredAsync("provider"), await StoredAsync("native"));
    }

    [Theory]
    [MemberData(nameof(Values))]
    public async Task One_value_is_read_as_the_providers_command_reads_it(object?[] values)
    {
        await using var kept = await KeptConnectionAsync();
        await using var plain = await Database.OpenAsync(CancellationToken.None);
        foreach (var value in values)
        {
            object? native, provider;
            await using (var select = kept.Sql("SELECT @a"))
            {
                Assert.True(((KeptCommand)select).RunsNatively);
                native = await select.With("@a", value).ExecuteScalarAsync();
            }
            await using (var select = plain.Sql("SELECT @a"))
                provider = await select.With("@a", value).ExecuteScalarAsync();

            Assert.Equal(provider, native);
            Assert.Equal(provider?.GetType(), native?.GetType());
        }
    }

    [Fact]
    public async Task A_write_read_for_its_returned_value_is_made_and_no_row_reads_as_null()
    {
        await using var c = await KeptConnectionAsync();
        const string sql = "INSERT INTO t (k, a) VALUES (@k, @a) ON CONFLICT (k) DO NOTHING RETURNING a * 2";
        await using (var first = c.Sql(sql).With("@k", "once").With("@a", 21))
            Assert.Equal(42L, await first.ExecuteScalarAsync());
        await using (var again = c.Sql(sql).With("@k", "once").With("@a", 50))
            Assert.Null(await again.ExecuteScalarAsync());
        await using (var none = c.Sql("SELECT a FROM t WHERE k = @k").With("@k", "absent"))
            Assert.Null(await none.ExecuteScalarAsync());
        await using (var nothing = c.Sql("UPDATE t SET b = @b WHERE k = @k").With("@b", "set").With("@k", "once"))
            Assert.Null(await nothing.ExecuteScalarAsync());

        Assert.Equal(["integer:21", "text:'set'"], (await StoredAsync("once"))[..2]);
    }

    [Theory]
    [MemberData(nameof(Values))]
    public async Task Rows_are_read_as_the_providers_reader_reads_them(object?[] values)
    {
        await using (var plain = await Database.OpenAsync(CancellationToken.None))
            for (var i = 0; i < 3; i++)
                await using (var insert = plain.Sql(Insert))
                    await Row(insert, $"r{i}", values).ExecuteNonQueryAsync();
        const string select = "SELECT k AS key, a, b, c, d, e, f, g, h FROM t WHERE k >= @from ORDER BY k";

        await using var kept = await KeptConnectionAsync();
        await using var keptRead = kept.Sql(select).With("@from", "r1");
        await using var native = await keptRead.ExecuteReaderAsync();
        await using var other = await Database.OpenAsync(CancellationToken.None);
        await using var plainRead = other.Sql(select).With("@from", "r1");
        await using var provider = await plainRead.ExecuteReaderAsync();

        Assert.IsType<SqliteRows>(native);
        Assert.IsType<SqliteDataReader>(provider);
        Assert.Equal(provider.HasRows, native.HasRows);
        Assert.Equal(provider.FieldCount, native.FieldCount);
        var rows = 0;
        while (await provider.ReadAsync())
        {
            Assert.True(await native.ReadAsync());
            rows++;
            for (var i = 0; i < provider.FieldCount; i++) AssertReadAlike(provider, native, i);
        }
        Assert.Equal(2, rows);
        Assert.False(await native.ReadAsync());
        Assert.False(await native.ReadAsync()); // a reader at its end stays there
    }

    /// <summary>Column <paramref name="i"/> read every way the stores read a column, and the same from both.</summary>
    private static void AssertReadAlike(DbDataReader provider, DbDataReader native, int i)
    {
        Assert.Equal(provider.GetName(i), native.GetName(i));
        Assert.Equal(provider.GetOrdinal(provider.GetName(i)), native.GetOrdinal(native.GetName(i)));
        Assert.Equal(provider.IsDBNull(i), native.IsDBNull(i));
        Assert.Equal(provider.GetValue(i), native.GetValue(i));
        Assert.Equal(provider.GetValue(i).GetType(), native.GetValue(i).GetType());
        Assert.Equal(provider.GetFieldType(i), native.GetFieldType(i));
        if (provider.IsDBNull(i))
        {
            Assert.Equal(Refusal(() => provider.GetString(i)), Refusal(() => native.GetString(i)));
            Assert.Equal(Refusal(() => provider.GetInt64(i)), Refusal(() => native.GetInt64(i)));
            return;
        }
        Assert.Equal(provider.GetString(i), native.GetString(i));
        Assert.Equal(provider.GetFieldValue<byte[]>(i), native.GetFieldValue<byte[]>(i));
        if (provider.GetFieldType(i) == typeof(string)) return; // a text read as a number is the provider's guess
        Assert.Equal(provider.GetInt64(i), native.GetInt64(i));
        Assert.Equal(provider.GetBoolean(i), native.GetBoolean(i));
        Assert.Equal(provider.GetDouble(i), native.GetDouble(i));
    }

    private static Type? Refusal(Action read)
    {
        try
        {
            read();
            return null;
        }
        catch (Exception e)
        {
            return e.GetType();
        }
    }

    [Fact]
    public async Task A_reader_let_go_early_leaves_the_query_ready_and_no_value_behind()
    {
        await using var c = await KeptConnectionAsync();
        foreach (var key in new[] { "a", "b", "c" })
            await using (var insert = c.Sql("INSERT INTO t (k, a) VALUES (@k, @a)").With("@k", key).With("@a", key))
                await insert.ExecuteNonQueryAsync();
        const string select = "SELECT k FROM t WHERE a >= @a ORDER BY k";

        await using (var first = c.Sql(select).With("@a", "a"))
        await using (var r = await first.ExecuteReaderAsync())
            Assert.True(await r.ReadAsync()); // two rows left unread

        await using (var second = c.Sql(select).With("@a", "b"))
        await using (var r = await second.ExecuteReaderAsync())
        {
            Assert.IsType<SqliteRows>(r);
            Assert.Equal(["b", "c"], await KeysAsync(r));
        }
        await using (var none = c.Sql(select).With("@a", "z"))
        await using (var r = await none.ExecuteReaderAsync())
        {
            Assert.False(r.HasRows);
            Assert.False(await r.ReadAsync());
        }
        await using var half = c.Sql(select);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => half.ExecuteReaderAsync());
        Assert.Contains("@a", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_query_read_inside_its_own_reading_is_read_apart()
    {
        await using var c = await KeptConnectionAsync();
        foreach (var key in new[] { "a", "b" })
            await using (var insert = c.Sql("INSERT INTO t (k) VALUES (@k)").With("@k", key))
                await insert.ExecuteNonQueryAsync();
        const string select = "SELECT k FROM t WHERE k >= @k ORDER BY k";

        var pairs = new List<string>();
        await using var outer = c.Sql(select).With("@k", "a");
        await using var r = await outer.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            await using var inner = c.Sql(select).With("@k", r.GetString(0));
            await using var ri = await inner.ExecuteReaderAsync();
            foreach (var key in await KeysAsync(ri)) pairs.Add($"{r.GetString(0)}{key}");
        }

        Assert.Equal(["aa", "ab", "bb"], pairs);
    }

    [Fact]
    public async Task A_query_that_fails_fails_as_it_runs_with_the_providers_exception_and_runs_again()
    {
        await using var c = await KeptConnectionAsync();
        const string select = "SELECT abs(@a)"; // abs of the least integer overflows

        var e = await Assert.ThrowsAsync<SqliteException>(async () =>
        {
            await using var failing = c.Sql(select).With("@a", long.MinValue);
            await using var never = await failing.ExecuteReaderAsync();
        });
        Assert.Contains("overflow", e.Message, StringComparison.Ordinal);

        await using var again = c.Sql(select).With("@a", -5L);
        await using var r = await again.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync());
        Assert.Equal(5L, r.GetInt64(0));
        Assert.Throws<NotSupportedException>(() => r.GetDateTime(0)); // converting is the caller's, not guessed here
    }

    [Fact]
    public async Task A_write_read_for_its_rows_goes_through_the_provider()
    {
        await using var c = await KeptConnectionAsync();
        await using var insert = c.Sql("INSERT INTO t (k) VALUES (@k), (@k || '2') RETURNING k").With("@k", "w");
        await using (var r = await insert.ExecuteReaderAsync())
        {
            Assert.IsType<SqliteDataReader>(r);
            Assert.Equal(["w", "w2"], await KeysAsync(r));
        }
        await using var count = c.Sql("SELECT COUNT(*) FROM t");
        Assert.Equal(2L, await count.ExecuteScalarAsync());
    }

    private static async Task<List<string>> KeysAsync(DbDataReader r)
    {
        var keys = new List<string>();
        while (await r.ReadAsync()) keys.Add(r.GetString(0));
        return keys;
    }

    [Fact]
    public async Task Rows_changed_are_counted_as_the_provider_counts_them()
    {
        await using var c = await KeptConnectionAsync();
        for (var i = 0; i < 3; i++)
            await using (var insert = c.Sql(Insert))
                await Row(insert, $"r{i}", i, null, null, null, null, null, null, null).ExecuteNonQueryAsync();

        await using (var update = c.Sql("UPDATE t SET b = @b WHERE a >= @a"))
            Assert.Equal(2, await update.With("@b", "moved").With("@a", 1).ExecuteNonQueryAsync());
        await using (var none = c.Sql("DELETE FROM t WHERE k = @k RETURNING k"))
            Assert.Equal(0, await none.With("@k", "absent").ExecuteNonQueryAsync());
        await using (var one = c.Sql("DELETE FROM t WHERE k = @k RETURNING k"))
            Assert.Equal(1, await one.With("@k", "r0").ExecuteNonQueryAsync());
        await using var count = c.Sql("SELECT COUNT(*) FROM t WHERE b = 'moved'");
        Assert.Equal(2L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_failure_is_the_providers_exception_and_the_statement_runs_again_after_it()
    {
        await using var c = await KeptConnectionAsync();
        await using (var first = c.Sql(Insert))
            await Row(first, "k1", 1, 2, 3, 4, 5, 6, 7, 8).ExecuteNonQueryAsync();

        var e = await Assert.ThrowsAsync<SqliteException>(async () =>
        {
            await using var again = c.Sql(Insert);
            await Row(again, "k1", 1, 2, 3, 4, 5, 6, 7, 8).ExecuteNonQueryAsync();
        });
        Assert.True(Dialect.IsUniqueViolation(e), $"{e.SqliteErrorCode}/{e.SqliteExtendedErrorCode}: {e.Message}");
        Assert.Contains("UNIQUE", e.Message, StringComparison.Ordinal);

        await using (var next = c.Sql(Insert))
            Assert.Equal(1, await Row(next, "k2", 9, 9, 9, 9, 9, 9, 9, 9).ExecuteNonQueryAsync());
        Assert.Equal("integer:9", (await StoredAsync("k2"))[0]);
    }

    [Fact]
    public async Task A_value_left_out_is_not_taken_from_the_run_before()
    {
        await using var c = await KeptConnectionAsync();
        const string sql = "INSERT INTO t (k, a) VALUES (@k, @a)";
        await using (var both = c.Sql(sql).With("@k", "full").With("@a", "kept?"))
            await both.ExecuteNonQueryAsync();

        await using var half = c.Sql(sql).With("@k", "half");
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => half.ExecuteNonQueryAsync());
        Assert.Contains("@a", e.Message, StringComparison.Ordinal);
        await using var count = c.Sql("SELECT COUNT(*) FROM t");
        Assert.Equal(1L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_value_it_does_not_bind_goes_through_the_provider()
    {
        var id = Guid.Parse("6f1c2b3a-0000-4000-8000-00000000abcd");
        var at = new DateTime(2026, 12, 6, 23, 0, 0, DateTimeKind.Utc);
        await using (var kept = await KeptConnectionAsync())
        await using (var insert = kept.Sql(Insert))
            await Row(insert, "native", id, at, 1.5m, 'c', null, null, null, null).ExecuteNonQueryAsync();
        await using (var plain = await Database.OpenAsync(CancellationToken.None))
        await using (var insert = plain.Sql(Insert))
            await Row(insert, "provider", id, at, 1.5m, 'c', null, null, null, null).ExecuteNonQueryAsync();

        Assert.Equal(await StoredAsync("provider"), await StoredAsync("native"));
    }

    [Fact]
    public async Task Several_statements_in_one_text_run_through_the_provider()
    {
        await using var c = await KeptConnectionAsync();
        await using var two = c.Sql("INSERT INTO t (k) VALUES ('one'); INSERT INTO t (k) VALUES ('two');");

        Assert.False(((KeptCommand)two).RunsNatively);
        await two.ExecuteNonQueryAsync();
        await using var count = c.Sql("SELECT COUNT(*) FROM t");
        Assert.Equal(2L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Its_statements_go_when_the_connection_closes()
    {
        var c = await Database.OpenAsync(CancellationToken.None);
        var handle = ((SqliteConnection)c).Handle!;
        handle.enable_sqlite3_next_stmt(true); // statements prepared from here on can be listed
        KeptStatements.Keep(c, Dialect.NativeStatement);
        DbCommand insert;
        await using (insert = c.Sql(Insert))
            await Row(insert, "k", 1, 2, 3, 4, 5, 6, 7, 8).ExecuteNonQueryAsync();
        Assert.Contains(Insert, Statements(handle));

        await c.DisposeAsync(); // the handle goes back to the provider's pool, open

        Assert.False(((KeptCommand)insert).RunsNatively);
        Assert.DoesNotContain(Insert, Statements(handle));
    }

    private static List<string> Statements(sqlite3 db)
    {
        var texts = new List<string>();
        try
        {
            for (var s = raw.sqlite3_next_stmt(db, null); s is not null; s = raw.sqlite3_next_stmt(db, s))
                texts.Add(raw.sqlite3_sql(s).utf8_to_string());
        }
        // A test running beside this one cleared the provider's pools, which closed the handle returned to them: its
        // statements went with it.
        catch (ObjectDisposedException) when (db.IsClosed) { return []; }
        return texts;
    }

    public Task DisposeAsync()
    {
        _scratch.Dispose();
        return Task.CompletedTask;
    }
}
