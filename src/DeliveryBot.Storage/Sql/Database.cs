using System.Data.Common;

namespace DeliveryBot.Storage.Sql;

/// <summary>Opens prepared connections and runs reads and write transactions for the stores.</summary>
internal sealed class Database(SqlDialect dialect)
{
    public SqlDialect Dialect => dialect;

    public async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = dialect.CreateConnection();
        try
        {
            await connection.OpenAsync(ct);
            await dialect.PrepareAsync(connection, ct);
            return connection;
        }
        catch (Exception e) when (dialect.Explain(e) is { } clear)
        {
            await connection.DisposeAsync();
            throw clear;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        try { return await read(connection); }
        catch (Exception e) when (dialect.Explain(e) is { } clear) { throw clear; }
    }

    /// <summary>One transaction: committed if <paramref name="write"/> returns, rolled back if it throws.</summary>
    public async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> write, CancellationToken ct)
    {
        var gate = dialect.WriteGate;
        if (gate is not null) await gate.WaitAsync(ct);
        try
        {
            await using var connection = await OpenAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            T result;
            try { result = await write(connection, transaction); }
            catch (Exception e) when (dialect.Explain(e) is { } clear) { throw clear; }
            await transaction.CommitAsync(ct);
            return result;
        }
        finally
        {
            gate?.Release();
        }
    }

    public Task WriteAsync(Func<DbConnection, DbTransaction, Task> write, CancellationToken ct)
        => WriteAsync(async (c, t) => { await write(c, t); return true; }, ct);
}

/// <summary>Small helpers so queries read as SQL plus named values.</summary>
internal static class CommandExtensions
{
    public static DbCommand Sql(this DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    public static DbCommand With(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }

    public static long Millis(this DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromMillis(long millis) => DateTimeOffset.FromUnixTimeMilliseconds(millis);
}
