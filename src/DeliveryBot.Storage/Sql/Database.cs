using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using DeliveryBot.Application.Storage;
using DeliveryBot.Application.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeliveryBot.Storage.Sql;

/// <summary>Opens prepared connections and runs reads and write transactions for the stores.</summary>
/// <remarks>
/// Where the dialect asks for it (<see cref="SqlDialect.KeepsStatements"/>), the connections reads run on are kept open
/// between reads, a few at most, each with the statements it has prepared; the group commit's writer keeps its own.
/// A connection whose use threw is closed rather than kept: nothing a failure left behind reaches the next caller.
/// </remarks>
internal sealed partial class Database : IDisposable
{
    /// <summary>Idle read connections kept at most; more at once are closed after their read.</summary>
    private const int MostIdle = 16;

    private readonly SqlDialect _dialect;
    private readonly GroupCommit? _group;
    private readonly ILogger _logger;
    private readonly string _system;
    private readonly ConcurrentQueue<DbConnection>? _idle;
    private int _idleCount;
    private volatile bool _disposed;

    public Database(SqlDialect dialect, ILogger<Database>? logger = null)
    {
        _dialect = dialect;
        _system = dialect.Name.ToLowerInvariant(); // once, not per traced statement
        _logger = logger ?? NullLogger<Database>.Instance;
        if (dialect.KeepsStatements) _idle = new();
        if (dialect.SingleWriter && dialect.BackgroundCheckpoint is { } checkpoint)
            Checkpoints = new LogCheckpoints(checkpoint, OpenAsync, _logger);
        _group = dialect.SingleWriter
            ? new GroupCommit(
                OpenForUseAsync, Explain, CloseFailed, dialect.KeepsStatements, dialect.UnsyncedCommit,
                dialect.BeginWriteAsync, afterCommit: Checkpoints is { } checkpoints ? checkpoints.Committed : null)
            : null;
    }

    [LoggerMessage(EventId = 1010, Level = LogLevel.Warning,
        Message = "A batch of writes committed, then setting its connection back to synced commits or closing it " +
            "failed; the writes stand and the connection is not used again")]
    private partial void CloseFailed(Exception e);

    public SqlDialect Dialect => _dialect;

    /// <summary>The log's copies into the database apart from the writer, where the dialect has them.</summary>
    internal LogCheckpoints? Checkpoints { get; }

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
    /// A new connection for the stores' reads and writes: one that keeps the statements run on it
    /// (<see cref="KeptStatements"/>) where the dialect asks for it.
    /// </summary>
    private async Task<DbConnection> OpenForUseAsync(CancellationToken ct)
    {
        var connection = await OpenAsync(ct);
        if (_dialect.KeepsStatements) KeptStatements.Keep(connection, _dialect.NativeStatement);
        return connection;
    }

    /// <summary>A kept idle connection (no task made for it: every read rents one), or a new one.</summary>
    private ValueTask<DbConnection> RentAsync(CancellationToken ct)
    {
        if (_idle?.TryDequeue(out var idle) == true)
        {
            Interlocked.Decrement(ref _idleCount);
            return new ValueTask<DbConnection>(idle);
        }
        return new ValueTask<DbConnection>(OpenForUseAsync(ct));
    }

    /// <summary>Keeps <paramref name="connection"/> for the next read if it is fit to keep and room is left.</summary>
    private ValueTask ReturnAsync(DbConnection connection, bool fit)
    {
        if (_idle is not null && fit && !_disposed)
        {
            if (Interlocked.Increment(ref _idleCount) <= MostIdle)
            {
                _idle.Enqueue(connection);
                if (_disposed) CloseIdle(); // disposed meanwhile: nobody else would close it
                return ValueTask.CompletedTask;
            }
            Interlocked.Decrement(ref _idleCount);
        }
        return connection.DisposeAsync();
    }

    private void CloseIdle()
    {
        while (_idle?.TryDequeue(out var idle) == true)
        {
            Interlocked.Decrement(ref _idleCount);
            idle.Dispose();
        }
    }

    /// <summary>Closes the kept connections (the writer's when no write is running).</summary>
    public void Dispose()
    {
        _disposed = true;
        CloseIdle();
        _group?.Dispose();
        Checkpoints?.Dispose();
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
        var connection = await RentAsync(ct);
        var fit = false;
        try
        {
            var result = await read(connection);
            fit = true;
            return result;
        }
        catch (Exception e) when (Explain(e) is { } clear) { throw clear; }
        finally { await ReturnAsync(connection, fit); }
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

    /// <summary>
    /// A large write (a migration, an import of many records) in a transaction of its own, outside the group commit:
    /// committed whole or not at all, like any write, but with no savepoint around it. SQLite keeps a savepoint's
    /// journal in memory as a list it walks at the end of each statement (<see cref="Sqlite.SqliteDialect"/>'s
    /// temp_store), which a write of thousands of statements would make quadratic. On SQLite it waits for the group's
    /// writer as another process would (the lock timeout).
    /// </summary>
    public Task<T> WriteApartAsync<T>(Func<DbConnection, DbTransaction, Task<T>> write, CancellationToken ct)
        => DeliveryTelemetry.Database.HasListeners()
            ? TracedAsync("db.write", () => WriteAloneAsync(write, ct))
            : WriteAloneAsync(write, ct);

    /// <summary>
    /// A transaction on a connection of its own: a kept one, with its statements, where the dialect keeps them.
    /// </summary>
    private async Task<T> WriteAloneAsync<T>(Func<DbConnection, DbTransaction, Task<T>> write, CancellationToken ct)
    {
        var connection = await RentAsync(ct);
        var fit = false;
        try
        {
            T result;
            await using (var transaction = await connection.BeginTransactionAsync(ct))
            {
                result = await write(connection, transaction);
                await transaction.CommitAsync(ct);
            }
            fit = true;
            return result;
        }
        catch (Exception e) when (Explain(e) is { } clear) { throw clear; }
        finally { await ReturnAsync(connection, fit); }
    }

    public Task WriteAsync(Func<DbConnection, DbTransaction, Task> write, CancellationToken ct)
        => WriteAsync(async (c, t) => { await write(c, t); return true; }, ct);
}

/// <summary>Small helpers so queries read as SQL plus named values.</summary>
internal static class CommandExtensions
{
    /// <summary>
    /// A command for <paramref name="sql"/>: on a connection that keeps its statements (<see cref="KeptStatements"/>),
    /// the one prepared for this text before; disposing it ends this use either way.
    /// </summary>
    public static DbCommand Sql(this DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        // the one place a command is given its transaction: one the provider does not know of is none to it
        transaction = StatementTransaction.ForProvider(transaction);
        if (KeptStatements.TryFor(connection, out var kept)) return kept.Command(sql, transaction);
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    public static DbCommand With(this DbCommand command, string name, object? value)
    {
        if (command is KeptCommand kept) return kept.With(name, value ?? DBNull.Value);
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }

    public static long Millis(this DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromMillis(long millis) => DateTimeOffset.FromUnixTimeMilliseconds(millis);
}
