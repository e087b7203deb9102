using DeliveryBot.Storage.Sql;
using DeliveryBot.Storage.Sqlite;
using DeliveryBot.Storage.Tests.Contract;

namespace DeliveryBot.Storage.Tests.Sqlite;

/// <summary>A SQLite file of its own with its dialect and database, for a test class; deleted with it.</summary>
internal sealed class ScratchDatabase : IDisposable
{
    public ScratchDatabase()
    {
        Dialect = new SqliteDialect($"Data Source={File.Path}", File.Directory);
        Database = new Database(Dialect);
    }

    public SqliteFile File { get; } = new();
    public SqliteDialect Dialect { get; }
    public Database Database { get; }

    /// <summary>Runs <paramref name="sql"/> (a table the tests write into) on a connection of its own.</summary>
    public async Task RunAsync(string sql)
    {
        await using var c = await Database.OpenAsync(CancellationToken.None);
        await using var command = c.Sql(sql);
        await command.ExecuteNonQueryAsync();
    }

    public void Dispose()
    {
        Database.Dispose();
        Dialect.Dispose();
        File.Delete();
    }
}
