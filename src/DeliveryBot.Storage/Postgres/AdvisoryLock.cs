using System.Data.Common;
using DeliveryBot.Storage.Sql;

namespace DeliveryBot.Storage.Postgres;

/// <summary>
/// A session advisory lock and the connection that holds it. The lock lasts exactly as long as that session: disposed,
/// it is unlocked and the connection goes back to the pool; if the process dies instead, PostgreSQL ends the session
/// and the lock with it.
/// </summary>
internal sealed class AdvisoryLock : IAsyncDisposable
{
    private readonly DbConnection _connection;
    private readonly long _key;
    private int _released;

    private AdvisoryLock(DbConnection connection, long key)
    {
        _connection = connection;
        _key = key;
    }

    /// <summary>Takes the lock on a connection of its own; null (keeping no connection) when it is held.</summary>
    public static async Task<IAsyncDisposable?> TryTakeAsync(DbConnection connection, long key, CancellationToken ct)
    {
        try
        {
            await connection.OpenAsync(ct);
            await using var command = connection.Sql("SELECT pg_try_advisory_lock(@key)").With("@key", key);
            if (await command.ExecuteScalarAsync(ct) is true) return new AdvisoryLock(connection, key);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        await connection.DisposeAsync();
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _released, 1) == 1) return;
        try
        {
            // Not cancellable: a pass that was cancelled must still let go before its connection is pooled.
            await using var command = _connection.Sql("SELECT pg_advisory_unlock(@key)").With("@key", _key);
            await command.ExecuteScalarAsync(CancellationToken.None);
        }
        catch (DbException)
        {
            // The session is gone, and the lock with it.
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }
}
