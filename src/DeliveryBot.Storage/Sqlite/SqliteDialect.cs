using System.Data.Common;
using DeliveryBot.Application.Storage;
using DeliveryBot.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace DeliveryBot.Storage.Sqlite;

/// <summary>
/// The embedded default: one file, WAL journal, every commit synced to disk (synchronous=FULL) so an
/// acknowledged gate decision survives a crash. The file is stamped with an application id so a foreign
/// database is refused instead of being written into.
/// </summary>
internal sealed class SqliteDialect : SqlDialect, IDisposable
{
    /// <summary>"DBOT" in PRAGMA application_id.</summary>
    public const int ApplicationId = 0x44424F54;

    private readonly string _connectionString;

    public SqliteDialect(string connectionString, string baseDirectory)
    {
        var builder = new SqliteConnectionStringBuilder(Absolute(connectionString, baseDirectory)) { Pooling = true };
        Path = builder.DataSource;
        if (System.IO.Path.GetDirectoryName(Path) is { } directory) Directory.CreateDirectory(directory);
        _connectionString = builder.ToString();
    }

    /// <summary>The connection string with its file made absolute against <paramref name="baseDirectory"/>; refuses an in-memory database.</summary>
    public static string Absolute(string connectionString, string baseDirectory)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (string.IsNullOrWhiteSpace(builder.DataSource) || builder.DataSource == ":memory:")
            throw new StorageUnavailableException("ConnectionStrings:DeliveryBot must name a SQLite file (Data Source=path); an in-memory database would lose every record.");
        builder.DataSource = System.IO.Path.GetFullPath(builder.DataSource, baseDirectory);
        return builder.ToString();
    }

    public string Path { get; }
    public override string Name => "SQLite";
    public override string Describe => Path;
    public override bool SingleWriter => true;

    public override DbConnection CreateConnection() => new SqliteConnection(_connectionString);

    public override async Task PrepareAsync(DbConnection connection, CancellationToken ct)
    {
        // A pooled connection keeps its settings: set them once per SQLite handle, not on every open (every read).
        var handle = ((SqliteConnection)connection).Handle;
        if (handle is not null && Prepared.TryGetValue(handle, out _)) return;
        await using var pragmas = connection.Sql("PRAGMA busy_timeout = 10000; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;");
        await pragmas.ExecuteNonQueryAsync(ct);
        if (handle is not null) Prepared.AddOrUpdate(handle, Marker);
    }

    /// <summary>The SQLite handles already prepared; an entry goes with its handle when the pool really closes it.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> Prepared = new();
    private static readonly object Marker = new();

    public override void AddJson(DbCommand command, string name, string json) => command.With(name, json);

    public override bool IsUniqueViolation(DbException exception)
        => exception is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 1555 or 2067 };

    public override string OpenDelivery => "closed = 0";

    public override IReadOnlyList<Migration> Migrations { get; } = Schema.Migrations(new(
        Boolean: "INTEGER", False: "0", BigInt: "INTEGER", Json: "TEXT", Serial: "INTEGER PRIMARY KEY AUTOINCREMENT",
        AppendOnlyAudit: """
            CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'The audit trail is append-only.'); END;
            CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'The audit trail is append-only.'); END;
            """));

    public override async Task GuardAsync(DbConnection connection, CancellationToken ct)
    {
        await using var id = connection.Sql("PRAGMA application_id");
        var applicationId = Convert.ToInt32(await id.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        await using var tables = connection.Sql("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'");
        var tableCount = Convert.ToInt32(await tables.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        if (applicationId != ApplicationId && (applicationId != 0 || tableCount > 0))
            throw new StorageUnavailableException(
                $"The SQLite file {Path} belongs to another application (application_id {applicationId:X8}, {tableCount} tables); DeliveryBot will not write into it. Point ConnectionStrings:DeliveryBot at a DeliveryBot database or a new file.");
        await using var stamp = connection.Sql($"PRAGMA application_id = {ApplicationId}; PRAGMA journal_mode = WAL;");
        await stamp.ExecuteNonQueryAsync(ct);
    }

    public override StorageUnavailableException? Explain(Exception exception) => exception switch
    {
        StorageUnavailableException => null,
        SqliteException { SqliteErrorCode: 26 or 11 } e => new(
            $"The file {Path} is not a usable DeliveryBot database (SQLite says: {e.Message.TrimEnd('.')}). Move it aside or restore a backup, then start again; ConnectionStrings:DeliveryBot chooses the file.", e),
        SqliteException { SqliteErrorCode: 14 } e => new($"Cannot open the SQLite file {Path}: check that its folder exists and is writable.", e),
        SqliteException { SqliteErrorCode: 13 } e => new($"The disk holding {Path} is full; nothing was written. Free space and retry.", e),
        SqliteException { SqliteErrorCode: 8 } e => new($"The SQLite file {Path} is read-only; DeliveryBot needs to write to it.", e),
        SqliteException { SqliteErrorCode: 5 or 6 } e => new($"The SQLite file {Path} stayed locked by another process for 10 s; nothing was written.", e),
        _ => null,
    };

    public void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }
}
