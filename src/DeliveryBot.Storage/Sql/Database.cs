using System.Data.Common;
using System.Diagnostics;
using DeliveryBot.Application.Storage;
using DeliveryBot.Application.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeliveryBot.Storage.Sql;

/// <summary>Opens prepared connections and runs reads and write transactions for the stores.</summary>
internal sealed partial class Database
{
    private readonly SqlDialect _dialect;
    private readonly GroupCommit? _group;
    private readonly ILogger _logger;
    private readonly string _system;

    public Database(SqlDialect dialect, ILogger<Database>? logger = null)
    {
        _dialect = dialect;
        _system = dialect.Name.ToLowerInvariant(); // once, not per traced statement
        _logger = logger ?? NullLogger<Database>.Instance;
        _group = dialect.SingleWriter ? new GroupCommit(OpenAsync, Explain, CloseFailed) : null;
    }

    [LoggerMessage(EventId = 1010, Level = LogLevel.Warning,
        Message = "A batch of writes committed, then closing its connection failed; the writes stand")]
    private partial void CloseFailed(Exception e);

    public SqlDialect Dialect => _dialect;

    public async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = _dialect.CreateConnection();
        try
        {
            await connection.OpenAsync(ct);
            await _dialect.PrepareAsync(connection, ct);
            return connection;
        }
        catch (Exception e) when (Explain(e) is { } clear)
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

    /// <summary>
    /// The dialect's reading of a provider error, counted once as a storage fault (an error it already explained is
    /// passed on as it is).
    /// </summary>
    private StorageUnavailableException? Explain(Exception e)
    {
        if (e is StorageUnavailableException explained) return explained;
        var clear = _dialect.Explain(e);
        if (clear is not null && DeliveryTelemetry.StorageFaults.Enabled)
            DeliveryTelemetry.StorageFaults.Add(
                1, new KeyValuePair<string, object?>("deliverybot.fault", FaultName(clear)));
        return clear;
    }

    private static string FaultName(StorageUnavailableException fault) => fault.Fault switch
    {
        StorageFault.Locked => "locked",
        StorageFault.Full => "full",
        _ => "unusable",
    };

    public Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken ct)
        => DeliveryTelemetry.Database.HasListeners()
            ? TracedAsync("db.read", () => ReadUntracedAsync(read, ct))
            : ReadUntracedAsync(read, ct);

    /// <summary>
    /// A database call in a span named by what it does, when the host listens to database spans. Started inside this
    /// async method, so the span is current only for the call and the caller's own span is current again once it
    /// returns.
    /// </summary>
    private async Task<T> TracedAsync<T>(string name, Func<Task<T>> work)
    {
        using var span = DeliveryTelemetry.Database.StartActivity(name, ActivityKind.Client);
        if (span is { IsAllDataRequested: true }) span.SetTag("db.system.name", _system);
        try { return await work(); }
        catch (Exception e)
        {
            span?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            throw;
        }
    }

    private async Task<T> ReadUntracedAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        try { return await read(connection); }
        catch (Exception e) when (Explain(e) is { } clear) { throw clear; }
    }

    /// <summary>
    /// One transaction: committed if <paramref name="write"/> returns, rolled back if it throws. On a single-writer
    /// database the write joins a group commit (<see cref="GroupCommit"/>); it runs alone, in its own transaction,
    /// otherwise.
    /// </summary>
    /// <remarks>
    /// Beginning (SQLite takes the write lock there), writing and committing are all explained: a lock held elsewhere
    /// or a full disk can surface at any of the three, and a commit that fails has written nothing.
    /// </remarks>
    public Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> write, CancellationToken ct)
        => DeliveryTelemetry.Database.HasListeners()
            ? TracedAsync("db.write", () => WriteUntracedAsync(write, ct))
            : WriteUntracedAsync(write, ct);

    private Task<T> WriteUntracedAsync<T>(Func<DbConnection, DbTransaction, Task<T>> write, CancellationToken ct)
        => _group is not null ? _group.RunAsync(write, ct) : WriteAloneAsync(write, ct);

    /// <summary>
    /// A transaction nobody waits on to carry on: on a single-writer database it joins the next group commit (or starts
    /// one after <paramref name="atMost"/>), so it never adds a disk sync of its own in front of someone's click.
    /// </summary>
    public Task<T> WriteLazilyAsync<T>(Func<DbConnection, DbTransaction, Task<T>> write, TimeSpan atMost)
        => _group is not null ? _group.RunLazilyAsync(write, atMost) : WriteAloneAsync(write, CancellationToken.None);

    private async Task<T> WriteAloneAsync<T>(Func<DbConnection, DbTransaction, Task<T>> write, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var result = await write(connection, transaction);
            await transaction.CommitAsync(ct);
            return result;
        }
        catch (Exception e) when (Explain(e) is { } clear) { throw clear; }
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
