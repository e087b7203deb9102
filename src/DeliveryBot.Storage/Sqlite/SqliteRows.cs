using System.Collections;
using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace DeliveryBot.Storage.Sqlite;

/// <summary>
/// The rows of a kept query, read off its statement on SQLite's own interface: one reader per statement, opened by
/// each run (<see cref="SqliteStatement.TryRead"/>) and closed by disposing it, which resets the statement and clears
/// its values. Each value is read as Microsoft.Data.Sqlite's reader reads it by its storage class; the provider's
/// reader, its statement iterator and a binder per value are what a run no longer makes.
/// </summary>
/// <remarks>
/// Dates, Guids and decimals are not read here: the stores keep instants as milliseconds and ids as text, and a
/// reader that guessed the provider's conversions would be wrong quietly where it guessed badly.
/// </remarks>
internal sealed class SqliteRows(sqlite3 db, sqlite3_stmt statement) : DbDataReader
{
    private bool _open;
    /// <summary>The first row, stepped to as the statement ran (a failure is the run's), not yet read.</summary>
    private bool _firstPending;
    private bool _hadRows;
    private bool _onRow;

    /// <summary>Opens the reader on a statement just stepped once (<paramref name="onRow"/>: it gave a row).</summary>
    public void Open(bool onRow)
    {
        (_open, _firstPending, _hadRows, _onRow) = (true, onRow, onRow, false);
    }

    public override bool Read()
    {
        if (!_open) throw new InvalidOperationException("The reader is closed.");
        if (_firstPending)
        {
            _firstPending = false;
            return _onRow = true;
        }
        if (!_onRow) return false;
        var rc = raw.sqlite3_step(statement);
        if (rc == raw.SQLITE_ROW) return true;
        _onRow = false;
        if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, db);
        return false;
    }

    public override void Close()
    {
        if (!_open) return;
        (_open, _firstPending, _onRow) = (false, false, false);
        SqliteStatement.Reset(statement);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) Close();
        base.Dispose(disposing);
    }

    public override bool IsClosed => !_open;
    public override bool HasRows => _hadRows;
    public override int RecordsAffected => -1; // only read-only statements are read here
    public override int Depth => 0;
    public override bool NextResult() => false;
    public override int FieldCount => raw.sqlite3_column_count(statement);
    public override object this[int ordinal] => GetValue(ordinal);
    public override object this[string name] => GetValue(GetOrdinal(name));

    public override string GetName(int ordinal)
        => raw.sqlite3_column_name(statement, Checked(ordinal)).utf8_to_string();

    public override int GetOrdinal(string name)
    {
        for (var i = 0; i < FieldCount; i++)
            if (string.Equals(GetName(i), name, StringComparison.OrdinalIgnoreCase)) return i;
        throw new ArgumentOutOfRangeException(nameof(name), name, "There is no column of this name.");
    }

    public override string GetDataTypeName(int ordinal)
        => raw.sqlite3_column_decltype(statement, Checked(ordinal)).utf8_to_string() ?? Type(ordinal) switch
        {
            raw.SQLITE_INTEGER => "INTEGER",
            raw.SQLITE_FLOAT => "REAL",
            raw.SQLITE_TEXT => "TEXT",
            _ => "BLOB",
        };

    public override Type GetFieldType(int ordinal) => Type(ordinal) switch
    {
        raw.SQLITE_INTEGER => typeof(long),
        raw.SQLITE_FLOAT => typeof(double),
        raw.SQLITE_TEXT => typeof(string),
        _ => typeof(byte[]),
    };

    public override bool IsDBNull(int ordinal) => Type(ordinal) == raw.SQLITE_NULL;

    public override object GetValue(int ordinal) => ValueOf(statement, OnRow(ordinal));

    /// <summary>A column of the current row as the provider's reader gives it, by its storage class.</summary>
    internal static object ValueOf(sqlite3_stmt statement, int i) => raw.sqlite3_column_type(statement, i) switch
    {
        raw.SQLITE_INTEGER => raw.sqlite3_column_int64(statement, i),
        raw.SQLITE_FLOAT => raw.sqlite3_column_double(statement, i),
        raw.SQLITE_TEXT => raw.sqlite3_column_text(statement, i).utf8_to_string(),
        raw.SQLITE_BLOB => raw.sqlite3_column_blob(statement, i).ToArray(),
        _ => DBNull.Value,
    };

    public override int GetValues(object[] values)
    {
        var count = Math.Min(values.Length, FieldCount);
        for (var i = 0; i < count; i++) values[i] = GetValue(i);
        return count;
    }

    public override string GetString(int ordinal)
        => raw.sqlite3_column_text(statement, NotNull(ordinal)).utf8_to_string();
    public override long GetInt64(int ordinal) => raw.sqlite3_column_int64(statement, NotNull(ordinal));
    public override int GetInt32(int ordinal) => checked((int)GetInt64(ordinal));
    public override short GetInt16(int ordinal) => checked((short)GetInt64(ordinal));
    public override byte GetByte(int ordinal) => checked((byte)GetInt64(ordinal));
    public override bool GetBoolean(int ordinal) => GetInt64(ordinal) != 0;
    public override double GetDouble(int ordinal) => raw.sqlite3_column_double(statement, NotNull(ordinal));
    public override float GetFloat(int ordinal) => (float)GetDouble(ordinal);
    public override char GetChar(int ordinal) => Type(ordinal) == raw.SQLITE_TEXT
        ? GetString(ordinal)[0]
        : checked((char)GetInt64(ordinal));

    public override T GetFieldValue<T>(int ordinal)
    {
        if (typeof(T) == typeof(byte[]))
            return (T)(object)raw.sqlite3_column_blob(statement, NotNull(ordinal)).ToArray();
        if (typeof(T) == typeof(string)) return (T)(object)GetString(ordinal);
        if (typeof(T) == typeof(long)) return (T)(object)GetInt64(ordinal);
        if (typeof(T) == typeof(int)) return (T)(object)GetInt32(ordinal);
        if (typeof(T) == typeof(bool)) return (T)(object)GetBoolean(ordinal);
        if (typeof(T) == typeof(double)) return (T)(object)GetDouble(ordinal);
        if (typeof(T) == typeof(object)) return (T)GetValue(ordinal);
        throw NotRead(typeof(T));
    }

    /// <summary>
    /// A blob (or text) value as SQLite holds it: valid only until the reader moves on or is closed, so parse it at
    /// once, never keep it.
    /// </summary>
    public ReadOnlySpan<byte> GetBytesInPlace(int ordinal) => raw.sqlite3_column_blob(statement, NotNull(ordinal));

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length)
    {
        var blob = raw.sqlite3_column_blob(statement, NotNull(ordinal));
        if (buffer is null) return blob.Length;
        var from = (int)Math.Min(dataOffset, blob.Length);
        var count = Math.Min(length, blob.Length - from);
        blob.Slice(from, count).CopyTo(buffer.AsSpan(bufferOffset));
        return count;
    }

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length)
    {
        var text = GetString(ordinal);
        if (buffer is null) return text.Length;
        var from = (int)Math.Min(dataOffset, text.Length);
        var count = Math.Min(length, text.Length - from);
        text.CopyTo(from, buffer, bufferOffset, count);
        return count;
    }

    public override DateTime GetDateTime(int ordinal) => throw NotRead(typeof(DateTime));
    public override decimal GetDecimal(int ordinal) => throw NotRead(typeof(decimal));
    public override Guid GetGuid(int ordinal) => throw NotRead(typeof(Guid));

    public override IEnumerator GetEnumerator() => new DbEnumerator(this, closeReader: false);

    private int Type(int ordinal) => raw.sqlite3_column_type(statement, OnRow(ordinal));

    /// <summary>The ordinal, on a row and not null: the provider refuses a typed read of NULL as this does.</summary>
    private int NotNull(int ordinal)
    {
        if (Type(ordinal) == raw.SQLITE_NULL)
            throw new InvalidOperationException(
                "The data is NULL at ordinal " + ordinal.ToString(CultureInfo.InvariantCulture) +
                ". This method can't be called on NULL values. Check using IsDBNull before calling.");
        return ordinal;
    }

    private int OnRow(int ordinal)
    {
        if (!_onRow) throw new InvalidOperationException("There is no row to read: call Read first.");
        return Checked(ordinal);
    }

    private int Checked(int ordinal) => ordinal >= 0 && ordinal < FieldCount
        ? ordinal
        : throw new ArgumentOutOfRangeException(nameof(ordinal), ordinal, "There is no column at this ordinal.");

    private static NotSupportedException NotRead(Type type) => new(
        $"A kept query's rows are read as SQLite stores them (integers, reals, texts, blobs), not as {type.Name}: " +
        "read the stored value and convert it where the column's meaning is known.");
}
