using DeliveryBot.TestKit;
using DeliveryBot.Storage.Postgres;
using DeliveryBot.Storage.Sql;
using DeliveryBot.Storage.Sqlite;
using DeliveryBot.Storage.Tests.Support;

namespace DeliveryBot.Storage.Tests.Contract;

/// <summary>A temporary SQLite file per test class instance, deleted afterwards.</summary>
internal sealed class SqliteFile
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("deliverybot-sqlite-").FullName;
    public string Path => System.IO.Path.Combine(Directory, "store.db");
    private int _databases;

    /// <summary>
    /// The file's dialect; a fresh database after the first is a file of its own beside it (a migration test starts
    /// from an empty one).
    /// </summary>
    public Task<SqlDialect> DialectAsync(bool fresh)
    {
        var path = fresh && _databases++ > 0
            ? System.IO.Path.Combine(Directory, $"store-{_databases}.db")
            : Path;
        return Task.FromResult<SqlDialect>(new SqliteDialect($"Data Source={path}", Directory));
    }

    public void Delete()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}

public sealed class SqliteDeliveryStoreTests : DeliveryStoreContract
{
    private readonly SqliteFile _file = new();
    internal override Task<SqlDialect> CreateDialectAsync(bool fresh) => _file.DialectAsync(fresh);
    public override async Task DisposeAsync() { await base.DisposeAsync(); _file.Delete(); }
}

public sealed class SqliteOutboxTests : OutboxContract
{
    private readonly SqliteFile _file = new();
    internal override Task<SqlDialect> CreateDialectAsync(bool fresh)
        => Task.FromResult<SqlDialect>(new SqliteDialect($"Data Source={_file.Path}", _file.Directory));
    public override async Task DisposeAsync() { await base.DisposeAsync(); _file.Delete(); }
}

public sealed class SqliteJobLockTests : JobLockContract
{
    private readonly SqliteFile _file = new();
    internal override Task<SqlDialect> CreateDialectAsync(bool fresh)
        => Task.FromResult<SqlDialect>(new SqliteDialect($"Data Source={_file.Path}", _file.Directory));
    public override async Task DisposeAsync() { await base.DisposeAsync(); _file.Delete(); }
}

public sealed class SqliteTenantSettingsTests : TenantSettingsContract
{
    private readonly SqliteFile _file = new();
    internal override Task<SqlDialect> CreateDialectAsync(bool fresh)
        => Task.FromResult<SqlDialect>(new SqliteDialect($"Data Source={_file.Path}", _file.Directory));
    public override async Task DisposeAsync() { await base.DisposeAsync(); _file.Delete(); }
}

[Collection(PostgresGroup.Name)]
public sealed class PostgresTenantSettingsTests(PostgresServer server) : TenantSettingsContract
{
    private string? _connectionString;
    internal override async Task<SqlDialect> CreateDialectAsync(bool fresh)
        => new PostgresDialect(fresh || _connectionString is null
            ? _connectionString = await server.CreateDatabaseAsync()
            : _connectionString);
}

[Collection(PostgresGroup.Name)]
public sealed class PostgresDeliveryStoreTests(PostgresServer server) : DeliveryStoreContract
{
    private string? _connectionString;
    internal override async Task<SqlDialect> CreateDialectAsync(bool fresh)
        => new PostgresDialect(fresh || _connectionString is null
            ? _connectionString = await server.CreateDatabaseAsync()
            : _connectionString);
}

[Collection(PostgresGroup.Name)]
public sealed class PostgresOutboxTests(PostgresServer server) : OutboxContract
{
    private string? _connectionString;
    internal override async Task<SqlDialect> CreateDialectAsync(bool fresh)
        => new PostgresDialect(fresh || _connectionString is null
            ? _connectionString = await server.CreateDatabaseAsync()
            : _connectionString);
}

[Collection(PostgresGroup.Name)]
public sealed class PostgresJobLockTests(PostgresServer server) : JobLockContract
{
    private string? _connectionString;
    internal override async Task<SqlDialect> CreateDialectAsync(bool fresh)
        => new PostgresDialect(fresh || _connectionString is null
            ? _connectionString = await server.CreateDatabaseAsync()
            : _connectionString);

    /// <summary>What a SIGKILL does to the holder: its session ends, and PostgreSQL drops the lock with it.</summary>
    [Fact]
    public async Task A_holder_whose_session_dies_lets_go_at_once()
    {
        var other = await OpenAsync(fresh: false); // another instance: its own pool
        var held = await new SqlJobLock(other).TryTakeAsync("due-reminders");
        Assert.NotNull(held);
        Assert.Null(await new SqlJobLock(Database).TryTakeAsync("due-reminders"));

        // pg_terminate_backend(pid) only signals: the lock goes when the backend has exited, a moment later on a
        // busy machine. The timeout form waits for that exit (up to 30 s) and says false if it did not happen.
        await using (var connection = await Database.OpenAsync(CancellationToken.None))
        await using (var kill = connection.Sql(
            """
            SELECT pg_terminate_backend(l.pid, 30000) FROM pg_locks l JOIN pg_database d ON d.oid = l.database
            WHERE l.locktype = 'advisory' AND d.datname = current_database() AND l.pid <> pg_backend_pid()
            """))
            Assert.Equal(true, await kill.ExecuteScalarAsync());

        await using var taken = await new SqlJobLock(Database).TryTakeAsync("due-reminders");
        Assert.NotNull(taken);
        await held.DisposeAsync(); // the dead session's unlock fails quietly
    }
}

public sealed class SqliteMetricSumsTests : MetricSumsContract
{
    private readonly SqliteFile _file = new();
    internal override Task<SqlDialect> CreateDialectAsync(bool fresh) => _file.DialectAsync(fresh);
    public override async Task DisposeAsync() { await base.DisposeAsync(); _file.Delete(); }
}

[Collection(PostgresGroup.Name)]
public sealed class PostgresMetricSumsTests(PostgresServer server) : MetricSumsContract
{
    private string? _connectionString;
    internal override async Task<SqlDialect> CreateDialectAsync(bool fresh)
        => new PostgresDialect(fresh || _connectionString is null
            ? _connectionString = await server.CreateDatabaseAsync()
            : _connectionString);
}
