using System.Data.Common;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Record;
using DeliveryBot.Storage.Json;

namespace DeliveryBot.Storage.Sql;

/// <summary>
/// A schema migration: applied once, in order, recorded in schema_version; <see cref="Then"/> runs in the same
/// transaction after its SQL, for what SQL alone cannot do (counting every record's metric facts).
/// </summary>
internal sealed record Migration(int Version, string Description, string Sql)
{
    public Func<DbConnection, DbTransaction, CancellationToken, Task>? Then { get; init; }
}

/// <summary>
/// What differs between SQLite and PostgreSQL; everything else (the queries, the store's semantics) is
/// shared, so the one contract test suite proves both.
/// </summary>
internal abstract class SqlDialect
{
    private readonly ProcessLocks _locks = new();

    public abstract string Name { get; }

    /// <summary>Where the data lives, for messages (a file path or host/database; never a password).</summary>
    public abstract string Describe { get; }

    public abstract DbConnection CreateConnection();

    /// <summary>Per-connection settings (SQLite: durable commits, busy timeout).</summary>
    public virtual Task PrepareAsync(DbConnection connection, CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// SQLite has one writer at a time: writers are queued in-process and committed in groups instead of spinning on a
    /// busy file, one disk sync each.
    /// </summary>
    public virtual bool SingleWriter => false;

    /// <summary>
    /// Connections are kept open between uses, each keeping the statements it has prepared
    /// (<see cref="KeptStatements"/>): SQLite's provider otherwise prepares every command afresh, and preparing is most
    /// of a short statement's cost.
    /// </summary>
    public virtual bool KeepsStatements => false;

    /// <summary>
    /// A kept statement run on the database's own interface instead of the provider's command, where that saves what
    /// the provider makes on every run (null: the provider's command). Only for connections that keep their statements
    /// (<see cref="KeepsStatements"/>); a statement it cannot run is handed to the provider
    /// (<see cref="NativeStatement"/>).
    /// </summary>
    public virtual NativeStatement? NativeStatement(DbConnection connection, string sql) => null;

    /// <summary>
    /// How the group commit's writer commits a batch of writes nobody waits on without a disk sync of its own (null: as
    /// every other commit). Only for a single-writer database (<see cref="SingleWriter"/>).
    /// </summary>
    public virtual UnsyncedCommit? UnsyncedCommit => null;

    /// <summary>
    /// How the log is copied into the database apart from the writer, and how often (null: the database needs no such
    /// thing). Only for a single-writer database (<see cref="SingleWriter"/>); see <see cref="LogCheckpoints"/>.
    /// </summary>
    public virtual BackgroundCheckpoint? BackgroundCheckpoint => null;

    /// <summary>
    /// Begins the group commit's transaction on its writer's connection: the provider's, unless the dialect begins one
    /// more cheaply (a <see cref="StatementTransaction"/>).
    /// </summary>
    public virtual ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection)
        => connection.BeginTransactionAsync();

    public abstract void AddJson(DbCommand command, string name, string json);

    /// <summary>
    /// The record's document is stored padded with spaces to a multiple of this many bytes (1 or less: as it is). On
    /// SQLite a row whose length is unchanged is overwritten in place, and only its pages whose bytes differ are
    /// written; a row that grew by a few bytes was moved within its page and, a page of five-KB rows being full,
    /// its neighbours' pages rebalanced with it: about 3 more WAL pages a click (docs/performance.md).
    /// </summary>
    public virtual int DocumentBlock => 0;

    /// <summary>
    /// A JSON document given as UTF-8, bound to <paramref name="name"/>; the statement reads it through
    /// <see cref="JsonValue"/>. The record's document is written on every save: a provider that can take the bytes
    /// is spared a UTF-16 copy of it and the conversion back. Where <see cref="DocumentBlock"/> is above 1 the bytes
    /// are in an array the thread fills again for its next document: the provider must have copied them when the
    /// statement's execution returns, without running anything else on the thread meanwhile (Microsoft.Data.Sqlite
    /// executes synchronously and SQLite copies a bound blob; a provider that writes parameters while an asynchronous
    /// execution waits, as Npgsql does, must copy them here).
    /// </summary>
    public virtual void AddJson(DbCommand command, string name, byte[] utf8)
        => AddJson(command, name, System.Text.Encoding.UTF8.GetString(utf8));

    /// <summary>How a statement reads a parameter bound by <see cref="AddJson(DbCommand, string, byte[])"/>.</summary>
    public virtual string JsonValue(string parameter) => parameter;

    /// <summary>A record's document column, parsed; <paramref name="length"/>: how long it is as stored.</summary>
    public virtual DeliveryState ReadDocument(DbDataReader reader, int ordinal, out int length)
    {
        var document = reader.GetString(ordinal);
        length = document.Length;
        return DeliveryJson.Deserialize(document);
    }

    /// <summary>Appended to the outbox claim's inner select so instances skip rows another one holds.</summary>
    public virtual string SkipLocked => "";

    public abstract bool IsUniqueViolation(DbException exception);

    public abstract IReadOnlyList<Migration> Migrations { get; }

    /// <summary>Before migrating: refuse a database that belongs to something else.</summary>
    public virtual Task GuardAsync(DbConnection connection, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Serialises migrations between instances starting together.</summary>
    public virtual Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct)
        => Task.CompletedTask;

    /// <summary>
    /// Holds the job lock <paramref name="key"/> until the answer is disposed, or answers null when it is held.
    /// By default inside this process: a file database has one instance.
    /// </summary>
    public virtual Task<IAsyncDisposable?> TryHoldAsync(long key, CancellationToken ct) => _locks.TryHoldAsync(key, ct);

    /// <summary>A provider error turned into a message a person can act on, or null to let it through.</summary>
    public abstract StorageUnavailableException? Explain(Exception exception);
}
