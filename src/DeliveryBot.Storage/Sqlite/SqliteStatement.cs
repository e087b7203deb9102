using System.Buffers;
using System.Data.Common;
using System.Text;
using DeliveryBot.Storage.Sql;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace DeliveryBot.Storage.Sqlite;

/// <summary>
/// A statement prepared on the connection's SQLite handle and run there for its effect, for one value or for a query's
/// rows (<see cref="SqliteRows"/>): values bound by position, stepped, reset. Microsoft.Data.Sqlite makes a data
/// reader, a statement iterator and a binder for every value on each run (728 bytes and ~2.5 µs for a five-value
/// insert, against none and ~1 µs here), and a click runs about two dozen such statements.
/// </summary>
/// <remarks>
/// SQLite copies every text and blob as it binds it (SQLITE_TRANSIENT), so the UTF-8 of a text lives on the stack or in
/// a pooled array only for the call; the bindings are cleared after each run, so no value of one run reaches the
/// next. Values of other types than those below, and texts of several statements, run through the provider.
/// </remarks>
internal sealed class SqliteStatement : NativeStatement
{
    private const int StackText = 256;

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly int _count;
    private readonly bool _readOnly;
    /// <summary>Each position's parameter name and index in the statement, as the last run named them.</summary>
    private readonly (string? Name, int Index)[] _positions;
    /// <summary>The reader of a query's rows, made at its first read and opened by every one after.</summary>
    private SqliteRows? _rows;

    private SqliteStatement(sqlite3 db, sqlite3_stmt statement)
    {
        _db = db;
        _statement = statement;
        _count = raw.sqlite3_bind_parameter_count(statement);
        _readOnly = raw.sqlite3_stmt_readonly(statement) != 0;
        _positions = new (string?, int)[_count];
    }

    /// <summary>
    /// The statement for <paramref name="sql"/> on <paramref name="connection"/>, if it is one statement.
    /// </summary>
    public static SqliteStatement? TryPrepare(DbConnection connection, string sql)
    {
        if (connection is not SqliteConnection { Handle: { } db }) return null;
        if (raw.sqlite3_prepare_v2(db, sql, out var statement, out var tail) != raw.SQLITE_OK || statement.IsInvalid)
        {
            statement.Dispose(); // the provider prepares it again and says what is wrong with it
            return null;
        }
        if (!string.IsNullOrWhiteSpace(tail))
        {
            statement.Dispose();
            return null;
        }
        return new SqliteStatement(db, statement);
    }

    public override bool TryExecute(DbParameterCollection parameters, out int changed)
    {
        changed = 0;
        if (!Ready(parameters)) return false;
        try
        {
            if (!Bind(parameters)) return false;
            StepToEnd(raw.sqlite3_step(_statement));
            changed = _readOnly ? -1 : raw.sqlite3_changes(_db);
            return true;
        }
        finally
        {
            Reset(_statement);
        }
    }

    public override DbDataReader? TryRead(DbParameterCollection parameters)
    {
        if (!Ready(parameters) || !_readOnly) return null;
        var opened = false;
        try
        {
            if (!Bind(parameters)) return null;
            // the first step is the run's, as the provider's: a failure throws here, not at the first Read
            var rc = raw.sqlite3_step(_statement);
            if (rc != raw.SQLITE_ROW && rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, _db);
            _rows ??= new SqliteRows(_db, _statement);
            _rows.Open(onRow: rc == raw.SQLITE_ROW);
            opened = true;
            return _rows;
        }
        finally
        {
            if (!opened) Reset(_statement);
        }
    }

    public override bool TryScalar(DbParameterCollection parameters, out object? value)
    {
        value = null;
        if (!Ready(parameters)) return false;
        try
        {
            if (!Bind(parameters)) return false;
            var rc = raw.sqlite3_step(_statement);
            if (rc == raw.SQLITE_ROW)
            {
                value = SqliteRows.ValueOf(_statement, 0);
                if (_readOnly) return true; // a query's other rows are not read, as the provider's are not
                rc = raw.sqlite3_step(_statement);
            }
            StepToEnd(rc); // a write's changes are all made by its last step
            return true;
        }
        finally
        {
            Reset(_statement);
        }
    }

    /// <summary>
    /// Whether <paramref name="parameters"/> can be this statement's values; first, a reader of its rows left open is
    /// closed, so the run starts from the statement's beginning.
    /// </summary>
    private bool Ready(DbParameterCollection parameters)
    {
        _rows?.Close();
        return parameters.Count == _count;
    }

    /// <summary>After every run, failed or not: back to its start, and no value of the run kept for the next.</summary>
    internal static void Reset(sqlite3_stmt statement)
    {
        raw.sqlite3_reset(statement);
        raw.sqlite3_clear_bindings(statement);
    }

    /// <summary>Steps past any further rows; a step that failed throws the provider's exception.</summary>
    private void StepToEnd(int rc)
    {
        while (rc == raw.SQLITE_ROW) rc = raw.sqlite3_step(_statement);
        if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, _db);
    }

    /// <summary>
    /// Binds every parameter; false at the first one it cannot (the caller's reset clears what was bound).
    /// </summary>
    private bool Bind(DbParameterCollection parameters)
    {
        for (var i = 0; i < _count; i++)
        {
            var parameter = parameters[i];
            var name = parameter.ParameterName;
            ref var position = ref _positions[i];
            if (!ReferenceEquals(position.Name, name) && position.Name != name)
                position = (name, raw.sqlite3_bind_parameter_index(_statement, name));
            if (position.Index <= 0 || BindValue(position.Index, parameter.Value) is not { } rc) return false;
            if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _db);
        }
        return true;
    }

    /// <summary>
    /// The result of binding <paramref name="value"/>, or null for a type bound only by the provider.
    /// </summary>
    private int? BindValue(int index, object? value) => value switch
    {
        null or DBNull => raw.sqlite3_bind_null(_statement, index),
        string text => BindText(index, text),
        long number => raw.sqlite3_bind_int64(_statement, index, number),
        int number => raw.sqlite3_bind_int64(_statement, index, number),
        bool flag => raw.sqlite3_bind_int64(_statement, index, flag ? 1 : 0),
        double real => raw.sqlite3_bind_double(_statement, index, real),
        byte[] { Length: 0 } => raw.sqlite3_bind_zeroblob(_statement, index, 0),
        byte[] bytes => raw.sqlite3_bind_blob(_statement, index, bytes),
        _ => null,
    };

    private int BindText(int index, string text)
    {
        // an empty span may pass a null pointer, which SQLite binds as NULL, not as an empty text
        if (text.Length == 0) return raw.sqlite3_bind_text(_statement, index, string.Empty);
        var most = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (most <= StackText)
        {
            Span<byte> utf8 = stackalloc byte[StackText];
            return raw.sqlite3_bind_text(_statement, index, utf8[..Encoding.UTF8.GetBytes(text, utf8)]);
        }
        var rented = ArrayPool<byte>.Shared.Rent(most);
        try
        {
            return raw.sqlite3_bind_text(_statement, index, rented.AsSpan(0, Encoding.UTF8.GetBytes(text, rented)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public override void Dispose()
    {
        _rows?.Close();
        _statement.Dispose();
    }
}
