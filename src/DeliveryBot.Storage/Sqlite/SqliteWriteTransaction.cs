using System.Data;
using System.Data.Common;
using DeliveryBot.Storage.Sql;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace DeliveryBot.Storage.Sqlite;

/// <summary>
/// The group commit's transaction on SQLite, begun, committed and rolled back by kept statements run on SQLite's own
/// interface (<see cref="SqliteStatement"/>). The provider's transaction prepares and runs a fresh command for its
/// BEGIN IMMEDIATE and again for its COMMIT, with a data reader each: about 1.5 KB and two statements parsed per batch,
/// which at a quiet hour is per click. It begins IMMEDIATE as the provider's does: the write lock is taken (or waited
/// for, up to the busy timeout) before the first write, never half way through a batch.
/// </summary>
/// <remarks>
/// The provider does not know of it, so it must not give a connection back to its pool in a transaction: one left
/// open after a failed rollback has the pool cleared first, which closes the connection for good as it is disposed.
/// </remarks>
internal sealed class SqliteWriteTransaction : StatementTransaction
{
    private readonly SqliteConnection _connection;
    private bool _open;

    private SqliteWriteTransaction(SqliteConnection connection) => _connection = connection;

    public static SqliteWriteTransaction Begin(SqliteConnection connection)
    {
        var transaction = new SqliteWriteTransaction(connection);
        transaction.Run("BEGIN IMMEDIATE");
        transaction._open = true;
        return transaction;
    }

    protected override DbConnection DbConnection => _connection;

    public override IsolationLevel IsolationLevel => IsolationLevel.Serializable;

    public override void Commit()
    {
        Ensure();
        Run("COMMIT"); // a commit that fails leaves the transaction open: disposing it rolls it back
        _open = false;
    }

    public override void Rollback()
    {
        Ensure();
        End(quietly: false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _open) End(quietly: true);
        base.Dispose(disposing);
    }

    private void End(bool quietly)
    {
        _open = false;
        try { Run("ROLLBACK"); }
        // after some faults SQLite has rolled the transaction back itself ("no transaction is active")
        catch (SqliteException) when (quietly) { }
        finally
        {
            if (_connection.Handle is { } handle && raw.sqlite3_get_autocommit(handle) == 0)
                SqliteConnection.ClearPool(_connection);
        }
    }

    private void Ensure()
    {
        if (!_open) throw new InvalidOperationException("The transaction has completed.");
    }

    private void Run(string sql)
    {
        using var command = _connection.Sql(sql, this);
        command.ExecuteNonQuery();
    }
}
