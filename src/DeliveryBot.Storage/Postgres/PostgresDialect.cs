using System.Data.Common;
using DeliveryBot.Application.Storage;
using DeliveryBot.Storage.Sql;
using Npgsql;
using NpgsqlTypes;

namespace DeliveryBot.Storage.Postgres;

/// <summary>
/// PostgreSQL for several bot instances on one database: jsonb documents, row locks for optimistic
/// concurrency, SKIP LOCKED outbox claims, and an advisory lock so instances starting together migrate once.
/// </summary>
internal sealed class PostgresDialect : SqlDialect, IDisposable
{
    private const long MigrationLockKey = 0x44424F54;
    private readonly NpgsqlDataSource _source;

    public PostgresDialect(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Describe = $"{builder.Host}:{builder.Port}/{builder.Database}";
        _source = NpgsqlDataSource.Create(builder);
    }

    public override string Name => "PostgreSQL";
    public override string Describe { get; }

    public override DbConnection CreateConnection() => _source.CreateConnection();

    public override void AddJson(DbCommand command, string name, string json)
        => command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Jsonb) { Value = json });

    public override string SkipLocked => "FOR UPDATE SKIP LOCKED";

    public override bool IsUniqueViolation(DbException exception)
        => exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public override IReadOnlyList<Migration> Migrations { get; } = Schema.Migrations(new(
        Boolean: "BOOLEAN", False: "FALSE", BigInt: "BIGINT", Json: "JSONB", Serial: "BIGSERIAL PRIMARY KEY",
        AppendOnlyAudit: """
            CREATE FUNCTION deliverybot_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'The audit trail is append-only.'; END $$;
            CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit FOR EACH ROW EXECUTE FUNCTION deliverybot_audit_append_only();
            CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit FOR EACH STATEMENT EXECUTE FUNCTION deliverybot_audit_append_only();
            """)
    {
        AuditUnsealed = "ALTER TABLE audit DISABLE TRIGGER audit_no_change;",
        AuditSealed = "ALTER TABLE audit ENABLE TRIGGER audit_no_change;",
    });

    public override async Task LockForMigrationAsync(
        DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        await using var lockCommand = connection.Sql("SELECT pg_advisory_xact_lock(@key)", transaction)
            .With("@key", MigrationLockKey);
        await lockCommand.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Across instances: a session advisory lock, which PostgreSQL releases when a holder dies.</summary>
    public override Task<IAsyncDisposable?> TryHoldAsync(long key, CancellationToken ct)
        => AdvisoryLock.TryTakeAsync(_source.CreateConnection(), key, ct);

    public override StorageUnavailableException? Explain(Exception exception) => exception switch
    {
        StorageUnavailableException => null,
        PostgresException
        {
            SqlState: PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification,
        } e =>
            new($"PostgreSQL at {Describe} refused the credentials in ConnectionStrings:DeliveryBot.", e),
        PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName } e =>
            new($"The PostgreSQL database {Describe} does not exist; create it first.", e),
        PostgresException { SqlState: PostgresErrorCodes.DiskFull } e =>
            new($"PostgreSQL at {Describe} is out of disk; nothing was written.", e, StorageFault.Full),
        NpgsqlException { InnerException: System.Net.Sockets.SocketException or TimeoutException } e =>
            new($"Cannot reach PostgreSQL at {Describe}: {e.InnerException!.Message}", e),
        _ => null,
    };

    public void Dispose() => _source.Dispose();
}
