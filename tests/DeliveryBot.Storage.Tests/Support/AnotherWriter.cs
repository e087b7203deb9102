using Microsoft.Data.Sqlite;

namespace DeliveryBot.Storage.Tests.Support;

/// <summary>
/// Another writer on the same SQLite file, as another process would be: its own connection in a write transaction,
/// holding the file's write lock until disposed (which rolls its transaction back). SQLite locks connections, not
/// processes, so the bot meets exactly what another process would make it meet. (Also compiled into
/// DeliveryBot.Teams.Tests.)
/// </summary>
internal sealed class AnotherWriter : IAsyncDisposable
{
    private readonly SqliteConnection _connection;

    private AnotherWriter(SqliteConnection connection) => _connection = connection;

    public static async Task<AnotherWriter> LockAsync(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var hold = connection.CreateCommand();
        hold.CommandText = "BEGIN IMMEDIATE; UPDATE counters SET value = value;";
        await hold.ExecuteNonQueryAsync();
        return new AnotherWriter(connection);
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
