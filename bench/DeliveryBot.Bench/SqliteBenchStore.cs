using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Storage.Sql;
using DeliveryBot.Storage.Sqlite;
using DeliveryBot.TestKit;

namespace DeliveryBot.Bench;

/// <summary>
/// The project's own store, built as StorageBench builds it (SqliteDialect, Database with its group commit, Migrator,
/// SqlDeliveryStore), so the figures are the ones the bot lives with: WAL, synchronous=FULL, busy_timeout, and every
/// save writing the people, pending-action and audit rows beside the document.
/// </summary>
internal sealed class SqliteBenchStore : IBenchStore
{
    private readonly SqliteDialect _dialect;
    private readonly Database _database;
    private readonly SqlDeliveryStore _store;
    private readonly ManualClock _clock = new(Scenario.Start);

    private SqliteBenchStore(string path)
    {
        _dialect = new SqliteDialect($"Data Source={path}", Path.GetDirectoryName(path)!);
        _database = new Database(_dialect);
        _store = new SqlDeliveryStore(_database);
    }

    public static async Task<SqliteBenchStore> OpenAsync(string path)
    {
        var store = new SqliteBenchStore(path);
        try
        {
            await new Migrator(store._database, store._clock).MigrateAsync(CancellationToken.None);
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    public Task InsertAsync(Delivery delivery) => _store.SaveAsync(delivery, 0, _clock.GetUtcNow());

    public Task ImportAsync(IReadOnlyCollection<Delivery> deliveries)
        => _store.ImportAsync(deliveries, _clock.GetUtcNow());

    public Task<Delivery?> FindAsync(string key) => _store.FindAsync(key);

    public async Task<int> ListOpenAsync(string tenant)
        => (await _store.ListAsync(tenant, DeliveryFilter.Open, 1, 50)).Total;

    public Task<long> CountAsync() => _database.ReadAsync(async c =>
    {
        await using var count = c.Sql("SELECT COUNT(*) FROM deliveries");
        return Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }, CancellationToken.None);

    public void Dispose() => _dialect.Dispose();
}
