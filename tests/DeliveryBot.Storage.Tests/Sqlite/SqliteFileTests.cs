using DeliveryBot.Application.Storage;
using DeliveryBot.Storage.Sql;
using DeliveryBot.Storage.Sqlite;
using DeliveryBot.Storage.Tests.Contract;
using Microsoft.Data.Sqlite;

namespace DeliveryBot.Storage.Tests.Sqlite;

/// <summary>
/// What the SQLite file itself must get right: WAL, durable commits, and refusing a file that is not ours.
/// </summary>
public sealed class SqliteFileTests : IDisposable
{
    private readonly SqliteFile _file = new();

    private Task<int> MigrateAsync(string path)
    {
        var dialect = new SqliteDialect($"Data Source={path}", _file.Directory);
        return new Migrator(new Database(dialect), TimeProvider.System).MigrateAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_new_file_is_created_stamped_and_in_wal_mode()
    {
        var path = Path.Combine(_file.Directory, "nested", "folder", "bot.db");

        Assert.Equal(Schema.Latest, await MigrateAsync(path));

        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode"));
        Assert.Equal((long)SqliteDialect.ApplicationId, await ScalarAsync(connection, "PRAGMA application_id"));
    }

    [Fact]
    public async Task Every_connection_commits_durably()
    {
        var dialect = new SqliteDialect($"Data Source={_file.Path}", _file.Directory);
        await using var connection = await new Database(dialect).OpenAsync(CancellationToken.None);

        Assert.Equal(2L, await ScalarAsync((SqliteConnection)connection, "PRAGMA synchronous")); // FULL
    }

    [Fact]
    public async Task Every_connection_keeps_a_savepoints_journal_in_memory_not_in_a_temporary_file()
    {
        var dialect = new SqliteDialect($"Data Source={_file.Path}", _file.Directory);
        await using var connection = await new Database(dialect).OpenAsync(CancellationToken.None);

        Assert.Equal(2L, await ScalarAsync((SqliteConnection)connection, "PRAGMA temp_store")); // MEMORY
    }

    [Fact]
    public async Task A_corrupt_file_is_refused_with_a_clear_reason()
    {
        await File.WriteAllBytesAsync(_file.Path, Enumerable.Range(0, 8192).Select(i => (byte)(i * 7)).ToArray());

        var e = await Assert.ThrowsAsync<StorageUnavailableException>(() => MigrateAsync(_file.Path));

        Assert.Contains($"The file {_file.Path} is not a usable DeliveryBot database", e.Message);
        Assert.Contains("restore a backup", e.Message);
    }

    [Fact]
    public async Task Another_applications_database_is_refused_and_left_untouched()
    {
        await using (var foreign = new SqliteConnection($"Data Source={_file.Path}"))
        {
            await foreign.OpenAsync();
            await using var create = foreign.CreateCommand();
            create.CommandText = "CREATE TABLE invoices (id INTEGER PRIMARY KEY); INSERT INTO invoices VALUES (1);";
            await create.ExecuteNonQueryAsync();
        }

        var e = await Assert.ThrowsAsync<StorageUnavailableException>(() => MigrateAsync(_file.Path));

        Assert.Contains("belongs to another application", e.Message);
        await using var check = new SqliteConnection($"Data Source={_file.Path}");
        await check.OpenAsync();
        Assert.Equal(0L, await ScalarAsync(check, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'deliveries'"));
    }

    [Fact]
    public void An_in_memory_database_is_refused()
        => Assert.Throws<StorageUnavailableException>(() => new SqliteDialect("Data Source=:memory:", _file.Directory));

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    public void Dispose() => _file.Delete();
}
