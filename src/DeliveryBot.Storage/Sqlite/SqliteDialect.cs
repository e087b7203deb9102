using System.Data.Common;
using System.Runtime.CompilerServices;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Record;
using DeliveryBot.Storage.Json;
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
    private readonly TimeSpan _lockTimeout;

    /// <param name="lockTimeout">How long a write waits for another writer's lock
    /// (<see cref="StorageOptions.LockTimeout"/>).</param>
    public SqliteDialect(string connectionString, string baseDirectory, TimeSpan? lockTimeout = null)
    {
        _lockTimeout = lockTimeout ?? StorageOptions.DefaultLockTimeout;
        // SQLite's busy handler does the waiting (busy_timeout, below). Microsoft.Data.Sqlite would otherwise retry a
        // busy statement on its own until Default Timeout (30 s unless set) ran out, round after round of busy_timeout:
        // at 1 s it gives up on the first "busy", which SQLite returns only after the whole lock timeout.
        var builder = new SqliteConnectionStringBuilder(Absolute(connectionString, baseDirectory))
        {
            Pooling = true,
            DefaultTimeout = 1,
        };
        Path = builder.DataSource;
        if (System.IO.Path.GetDirectoryName(Path) is { } directory) Directory.CreateDirectory(directory);
        _connectionString = builder.ToString();
    }

    /// <summary>
    /// The connection string with its file made absolute against <paramref name="baseDirectory"/>; refuses an in-memory
    /// database.
    /// </summary>
    public static string Absolute(string connectionString, string baseDirectory)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (string.IsNullOrWhiteSpace(builder.DataSource) || builder.DataSource == ":memory:")
            throw new StorageUnavailableException(
                "ConnectionStrings:DeliveryBot must name a SQLite file (Data Source=path); " +
                "an in-memory database would lose every record.");
        builder.DataSource = System.IO.Path.GetFullPath(builder.DataSource, baseDirectory);
        return builder.ToString();
    }

    public string Path { get; }
    private string LockSeconds
        => _lockTimeout.TotalSeconds.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
    public override string Name => "SQLite";
    public override string Describe => Path;
    public override bool SingleWriter => true;
    public override bool KeepsStatements => true;

    public override NativeStatement? NativeStatement(DbConnection connection, string sql)
        => SqliteStatement.TryPrepare(connection, sql);

    public override DbConnection CreateConnection() => new SqliteConnection(_connectionString);

    public override ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection)
        => KeptStatements.TryFor(connection, out _)
            ? ValueTask.FromResult<DbTransaction>(SqliteWriteTransaction.Begin((SqliteConnection)connection))
            : base.BeginWriteAsync(connection);

    /// <summary>
    /// In WAL mode, <c>synchronous = NORMAL</c> writes a commit to the log without syncing it; the log's next sync (the
    /// next synced commit, or a checkpoint) takes it to the disk, and a power cut loses at most such commits, never
    /// one after a synced one (the log's frames are checksummed in order). Only the marks of messages sent are
    /// committed so, when nothing else is being committed: losing one sends its message again, as a crash between the
    /// send and its mark does (docs/architecture.md, the outbox). A connection that could not be set back to FULL is
    /// forgotten as prepared, so whoever gets its handle from the pool next sets FULL again.
    /// </summary>
    public override UnsyncedCommit? UnsyncedCommit { get; } = new(
        "PRAGMA synchronous = NORMAL",
        "PRAGMA synchronous = FULL",
        connection =>
        {
            if (((SqliteConnection)connection).Handle is { } handle) Prepared.Remove(handle);
        });

    public override async Task PrepareAsync(DbConnection connection, CancellationToken ct)
    {
        // A pooled connection keeps its settings: set them once per SQLite handle, not on every open (every read).
        var handle = ((SqliteConnection)connection).Handle;
        var busy = (long)_lockTimeout.TotalMilliseconds;
        if (handle is not null && Prepared.TryGetValue(handle, out var applied) && applied.Value == busy) return;
        // temp_store = MEMORY: the group commit runs each write in a savepoint, and SQLite copies every page a write
        // changes (again for each statement that changes it) into a savepoint journal, so it can undo that write
        // alone. A card click's save journals 40 to 55 pages; past 64 KB the journal went to a temporary file,
        // created, written page by page and deleted for every batch: more write calls than the WAL itself, about 7 %
        // of a click's CPU (docs/performance.md, "the savepoints' journal in memory"). In memory it is a copy. That
        // journal is a list of 1 KB pieces which SQLite walks from the first at the end of each statement, so a write
        // of thousands of statements must not run inside one savepoint: migrations and imports run apart
        // (Database.WriteApartAsync). Temporary tables and sorts are in memory too.
        await using var pragmas = connection.Sql(
            $"PRAGMA busy_timeout = {busy}; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; " +
            $"PRAGMA temp_store = MEMORY; PRAGMA wal_autocheckpoint = {CheckpointPages};");
        await pragmas.ExecuteNonQueryAsync(ct);
        if (handle is not null) Prepared.AddOrUpdate(handle, new StrongBox<long>(busy));
    }

    /// <summary>
    /// The pages the log holds before the commit that reaches them copies them into the database file (SQLite's
    /// checkpoint; its default is 1,000). A checkpoint reads each page of the log back and writes the latest copy of
    /// each into the file, on the writer's thread, inside a commit: every click's commit rewrites the same index and
    /// table pages, so the more commits a checkpoint spans, the fewer copies per click it makes. At 1,000 pages it ran
    /// every few dozen clicks at saturation and held the one writer each time; at 10,000 the peers bench answered a
    /// third more clicks a second (docs/performance.md, "the log copied into the database less often"). The log's
    /// file grows to about 40 MB and is written over from its start after a checkpoint has copied all of it. Most of
    /// the copying is done beforehand by <see cref="BackgroundCheckpoint"/>, so the commit's own checkpoint copies
    /// only what was written since, and the log is started again.
    /// </summary>
    public const int CheckpointPages = 10_000;

    /// <summary>
    /// A passive checkpoint on a connection of its own every quarter of <see cref="CheckpointPages"/> the writer has
    /// written: it copies the log while the writer goes on committing (SQLite lets it; it copies no frame a reader
    /// still needs and waits for nobody), so the writer's own checkpoint at <see cref="CheckpointPages"/> holds the
    /// clicks behind it for a quarter of the copying or less.
    /// </summary>
    public override BackgroundCheckpoint BackgroundCheckpoint { get; } = new(
        "PRAGMA wal_checkpoint(PASSIVE)", CheckpointPages / 4, PagesWritten);

    /// <summary>
    /// The pages <paramref name="writer"/> has written since this was last asked (SQLite counts them).
    /// </summary>
    private static long PagesWritten(DbConnection writer)
        => ((SqliteConnection)writer).Handle is { } handle
           && SQLitePCL.raw.sqlite3_db_status(handle, CacheWrite, out var pages, out _, 1) == SQLitePCL.raw.SQLITE_OK
            ? pages
            : 0;

    /// <summary><c>SQLITE_DBSTATUS_CACHE_WRITE</c>: pages written to the log (or the file) by the connection.</summary>
    private const int CacheWrite = 9;

    /// <summary>
    /// The SQLite handles already prepared, with the lock timeout they were given (two dialects on one file may
    /// differ); an entry goes with its handle when the pool really closes it.
    /// </summary>
    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, StrongBox<long>> Prepared = new();

    public override void AddJson(DbCommand command, string name, string json) => command.With(name, json);

    /// <summary>
    /// A click adds about 175 bytes to a record's document: in blocks of 1 KB, five saves in six keep its length.
    /// </summary>
    public override int DocumentBlock => 1024;

    /// <summary>Bound as a blob and cast: SQLite reads a blob cast to TEXT as text in the database's UTF-8.</summary>
    public override void AddJson(DbCommand command, string name, byte[] utf8) => command.With(name, utf8);

    public override string JsonValue(string parameter) => $"CAST({parameter} AS TEXT)";

    /// <summary>
    /// The TEXT column's UTF-8 parsed where SQLite holds it, on a kept statement's rows (no copy of the 5–10 KB
    /// document a load would only parse and drop, no string made of it); as a copy on the provider's reader.
    /// </summary>
    public override DeliveryState ReadDocument(DbDataReader reader, int ordinal, out int length)
    {
        ReadOnlySpan<byte> document =
            reader is SqliteRows rows ? rows.GetBytesInPlace(ordinal) : reader.GetFieldValue<byte[]>(ordinal);
        length = document.Length;
        return DeliveryJson.Deserialize(document);
    }

    public override bool IsUniqueViolation(DbException exception)
        => exception is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 1555 or 2067 };

    public override IReadOnlyList<Migration> Migrations { get; } = Schema.Migrations(new(
        Boolean: "INTEGER", False: "0", BigInt: "INTEGER", Json: "TEXT", Serial: "INTEGER PRIMARY KEY AUTOINCREMENT",
        AppendOnlyAudit: """
            CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'The audit trail is append-only.'); END;
            CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'The audit trail is append-only.'); END;
            """)
    {
        AuditUnsealed = "DROP TRIGGER audit_no_update;",
        AuditSealed = "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit " +
            "BEGIN SELECT RAISE(ABORT, 'The audit trail is append-only.'); END;",
    });

    public override async Task GuardAsync(DbConnection connection, CancellationToken ct)
    {
        await using var id = connection.Sql("PRAGMA application_id");
        var applicationId = Convert.ToInt32(
            await id.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        await using var tables = connection.Sql("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'");
        var tableCount = Convert.ToInt32(
            await tables.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        if (applicationId != ApplicationId && (applicationId != 0 || tableCount > 0))
            throw new StorageUnavailableException(
                $"The SQLite file {Path} belongs to another application " +
                $"(application_id {applicationId:X8}, {tableCount} tables); DeliveryBot will not write into it. " +
                "Point ConnectionStrings:DeliveryBot at a DeliveryBot database or a new file.");
        await using var stamp = connection.Sql($"PRAGMA application_id = {ApplicationId}; PRAGMA journal_mode = WAL;");
        await stamp.ExecuteNonQueryAsync(ct);
    }

    public override StorageUnavailableException? Explain(Exception exception) => exception switch
    {
        StorageUnavailableException => null,
        SqliteException { SqliteErrorCode: 26 or 11 } e => new(
            $"The file {Path} is not a usable DeliveryBot database (SQLite says: {e.Message.TrimEnd('.')}). " +
            "Move it aside or restore a backup, then start again; ConnectionStrings:DeliveryBot chooses the file.", e),
        SqliteException { SqliteErrorCode: 14 } e => new(
            $"Cannot open the SQLite file {Path}: check that its folder exists and is writable.", e),
        SqliteException { SqliteErrorCode: 13 } e => new(
            $"The disk holding {Path} is full; nothing was written. Free space and retry.", e, StorageFault.Full),
        SqliteException { SqliteErrorCode: 10 } e => new(
            $"Reading or writing the SQLite file {Path} failed (SQLite says: {e.Message.TrimEnd('.')}); " +
            "nothing was written. Check the disk.", e),
        SqliteException { SqliteErrorCode: 8 } e => new(
            $"The SQLite file {Path} is read-only; DeliveryBot needs to write to it.", e),
        SqliteException { SqliteErrorCode: 5 or 6 } e => new(
            $"The SQLite file {Path} stayed locked by another writer (another process, a backup) " +
            $"for {LockSeconds} s; nothing was written. Retry once it lets go.", e, StorageFault.Locked),
        _ => null,
    };

    public void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }
}
