using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace DeliveryBot.Storage.Sql;

/// <summary>
/// The statements one kept connection has prepared, by their SQL text. Preparing is most of what a short statement
/// costs on SQLite (the text parsed and planned, its UTF-8 copy, the provider's statement objects): a click runs about
/// a dozen, the same texts every time, on connections <see cref="Database"/> keeps open between uses. A command made
/// through <see cref="CommandExtensions.Sql"/> on such a connection is the kept one for its text, prepared once; its
/// parameters and transaction go with the disposal that ends each use.
/// </summary>
/// <remarks>
/// A connection is used by one caller at a time, so nothing here is locked. A text asked for while its command is
/// still in use (a statement run inside the reading of the same statement) gets a command of its own, as do texts past
/// <see cref="MostKept"/> (statements whose text is made per call, such as an IN list sized to its keys).
/// </remarks>
internal sealed class KeptStatements
{
    /// <summary>Texts kept per connection at most.</summary>
    public const int MostKept = 64;

    private static readonly ConditionalWeakTable<DbConnection, KeptStatements> ByConnection = new();

    private readonly DbConnection _connection;
    private readonly Func<DbConnection, string, NativeStatement?>? _native;
    private readonly Dictionary<string, KeptCommand> _kept = new(StringComparer.Ordinal);

    private KeptStatements(DbConnection connection, Func<DbConnection, string, NativeStatement?>? native)
    {
        _connection = connection;
        _native = native;
        // the native statements belong to the handle the connection gives back to the provider's pool as it closes
        if (native is not null) connection.StateChange += (_, e) =>
        {
            if (e.CurrentState == ConnectionState.Closed) ForgetNative();
        };
    }

    /// <summary>
    /// From now on <paramref name="connection"/> keeps the statements run on it, each run on the database's own
    /// interface where <paramref name="native"/> prepares it (<see cref="SqlDialect.NativeStatement"/>).
    /// </summary>
    public static void Keep(DbConnection connection, Func<DbConnection, string, NativeStatement?>? native = null)
        => ByConnection.TryAdd(connection, new KeptStatements(connection, native));

    private void ForgetNative()
    {
        foreach (var kept in _kept.Values) kept.ForgetNative();
    }

    /// <summary>The statements <paramref name="connection"/> keeps, if it keeps any.</summary>
    public static bool TryFor(DbConnection connection, [NotNullWhen(true)] out KeptStatements? statements)
        => ByConnection.TryGetValue(connection, out statements);

    /// <summary>The kept command for <paramref name="sql"/>, free for this use; or a new one (see remarks).</summary>
    public DbCommand Command(string sql, DbTransaction? transaction)
    {
        if (_kept.TryGetValue(sql, out var kept))
        {
            if (kept.InUse) return New(sql, transaction);
        }
        else
        {
            if (_kept.Count >= MostKept) return New(sql, transaction);
            var prepare = _native is null ? null : new Func<NativeStatement?>(() => _native(_connection, sql));
            kept = new KeptCommand(New(sql, transaction: null), prepare);
            _kept.Add(sql, kept);
        }
        kept.Begin(transaction);
        return kept;
    }

    private DbCommand New(string sql, DbTransaction? transaction)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }
}

/// <summary>
/// A prepared command used again: every call goes to the provider's command, and disposing it ends one use (its
/// values and transaction let go) instead of finalizing its statements. The statements go when the connection closes.
/// </summary>
/// <remarks>
/// Its parameters are kept too, given this use's values in the order they are named (a statement names them the same
/// way each time). Only the parameters given a value in this use are bound: any left from a longer earlier use are
/// removed before the statement runs, so no value of one use can reach another. It runs as a
/// <see cref="NativeStatement"/> where the dialect makes one (prepared at its first run) and its values allow, and
/// through the provider otherwise.
/// </remarks>
internal sealed class KeptCommand(DbCommand inner, Func<NativeStatement?>? prepareNative = null) : DbCommand
{
    /// <summary>
    /// How to prepare the native statement, until it is tried (then, or once the connection closed, null).
    /// </summary>
    private Func<NativeStatement?>? _prepareNative = prepareNative;
    private NativeStatement? _native;

    /// <summary>The native statement, prepared on first use; null where the dialect makes none for this text.</summary>
    private NativeStatement? Native
    {
        get
        {
            if (_prepareNative is { } prepare)
            {
                _prepareNative = null;
                _native = prepare();
            }
            return _native;
        }
    }

    /// <summary>Parameters given a value in this use, the first of <see cref="DbCommand.Parameters"/>.</summary>
    private int _given;

    public bool InUse { get; private set; }

    /// <summary>Whether a run goes to the database's own interface (when its values allow).</summary>
    public bool RunsNatively => Native is not null;

    public void Begin(DbTransaction? transaction)
    {
        inner.Transaction = transaction;
        InUse = true;
    }

    /// <summary>The next parameter's value: the kept parameter when it has this name, else a new one.</summary>
    public DbCommand With(string name, object value)
    {
        var parameters = inner.Parameters;
        if (_given < parameters.Count && parameters[_given].ParameterName == name)
            parameters[_given].Value = value;
        else
        {
            Unbind(from: _given);
            var parameter = inner.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            parameters.Add(parameter);
        }
        _given++;
        return this;
    }

    private void Unbind(int from)
    {
        var parameters = inner.Parameters;
        for (var i = parameters.Count - 1; i >= from; i--) parameters.RemoveAt(i);
    }

    /// <summary>Before each run: only this use's values are bound.</summary>
    private DbCommand Run()
    {
        Unbind(from: _given);
        return inner;
    }

    /// <summary>
    /// Ends this use. The provider's command is not disposed: it stays with its connection, prepared, for the next use
    /// of its text (the base only lets a component's container know; a command is in none).
    /// </summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // the values go with the use: nothing a caller wrote is held by the connection (by index: the collection's
            // enumerator is a boxed one, made on every use)
            var parameters = inner.Parameters;
            for (var i = 0; i < parameters.Count; i++) parameters[i].Value = DBNull.Value;
            _given = 0;
            inner.Transaction = null;
            InUse = false;
        }
        base.Dispose(disposing);
    }

    [AllowNull]
    public override string CommandText
    {
        get => inner.CommandText;
        set => throw new InvalidOperationException("A kept command's text is the one it was prepared with.");
    }

    public override int CommandTimeout { get => inner.CommandTimeout; set => inner.CommandTimeout = value; }
    public override CommandType CommandType { get => inner.CommandType; set => inner.CommandType = value; }
    public override bool DesignTimeVisible { get => inner.DesignTimeVisible; set => inner.DesignTimeVisible = value; }

    public override UpdateRowSource UpdatedRowSource
    {
        get => inner.UpdatedRowSource;
        set => inner.UpdatedRowSource = value;
    }

    protected override DbConnection? DbConnection
    {
        get => inner.Connection;
        set => throw new InvalidOperationException("A kept command stays on the connection that prepared it.");
    }

    protected override DbParameterCollection DbParameterCollection => inner.Parameters;

    protected override DbTransaction? DbTransaction
    {
        get => inner.Transaction;
        set => inner.Transaction = StatementTransaction.ForProvider(value);
    }

    public override void Cancel() => inner.Cancel();
    public override void Prepare() => inner.Prepare();
    public override Task PrepareAsync(CancellationToken cancellationToken = default)
        => inner.PrepareAsync(cancellationToken);
    protected override DbParameter CreateDbParameter() => inner.CreateParameter();
    public override int ExecuteNonQuery()
    {
        var command = Run();
        return Native is { } native && native.TryExecute(command.Parameters, out var changed)
            ? changed
            : command.ExecuteNonQuery();
    }

    public override object? ExecuteScalar()
    {
        var command = Run();
        return Native is { } native && native.TryScalar(command.Parameters, out var value)
            ? value
            : command.ExecuteScalar();
    }

    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior)
    {
        var command = Run();
        return ReadsAsKept(behavior) && Native is { } native && native.TryRead(command.Parameters) is { } rows
            ? rows
            : command.ExecuteReader(behavior);
    }

    /// <summary>
    /// Whether a read asked for this way is one the native statement's reader gives: rows, read forwards (a reader
    /// that closes the connection, or reads only the schema or keys, is the provider's).
    /// </summary>
    private static bool ReadsAsKept(CommandBehavior behavior)
        => (behavior & ~(CommandBehavior.SingleResult | CommandBehavior.SingleRow | CommandBehavior.SequentialAccess))
            == CommandBehavior.Default;

    // Where there is a native statement, the base runs the synchronous call as a completed task (with the
    // cancellation checked and registered), as Microsoft.Data.Sqlite's own asynchronous calls do.
    public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken)
        => Native is null
            ? Run().ExecuteNonQueryAsync(cancellationToken)
            : base.ExecuteNonQueryAsync(cancellationToken);

    public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken)
        => Native is null ? Run().ExecuteScalarAsync(cancellationToken) : base.ExecuteScalarAsync(cancellationToken);

    /// <summary>
    /// Its connection closed: the native statement goes with the handle, and later runs use the provider.
    /// </summary>
    public void ForgetNative()
    {
        _prepareNative = null;
        _native?.Dispose();
        _native = null;
    }

    protected override Task<DbDataReader> ExecuteDbDataReaderAsync(
        CommandBehavior behavior, CancellationToken cancellationToken)
        => Native is null
            ? Run().ExecuteReaderAsync(behavior, cancellationToken)
            : base.ExecuteDbDataReaderAsync(behavior, cancellationToken);
}
