using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Storage.Json;
using LiteDB;
using JsonSerializer = System.Text.Json.JsonSerializer; // LiteDB has a JsonSerializer too

namespace DeliveryBot.Bench;

/// <summary>
/// Delivery records in LiteDB 5 as a document store would keep them: the whole record (audit trail included, as
/// nothing else holds it) as the same camelCase JSON the SQLite store writes, beside the fields `list` filters and
/// sorts on. The tenant and open/closed state share one indexed field because LiteDB 5 indexes one expression each.
/// </summary>
internal sealed class LiteDbStore : IBenchStore
{
    private const int PageSize = 50;
    private readonly LiteDatabase _database;
    private readonly ILiteCollection<BsonDocument> _deliveries;

    public LiteDbStore(string path, bool shared)
    {
        _database = new LiteDatabase(new ConnectionString
        {
            Filename = path,
            Connection = shared ? ConnectionType.Shared : ConnectionType.Direct,
        });
        _deliveries = _database.GetCollection("deliveries");
        _deliveries.EnsureIndex("list");
    }

    public Task InsertAsync(Delivery delivery)
    {
        _deliveries.Insert(Document(delivery));
        return Task.CompletedTask;
    }

    public Task ImportAsync(IReadOnlyCollection<Delivery> deliveries)
    {
        // One engine call is one transaction: Shared mode has no BeginTrans, so this is the batch both modes support.
        _deliveries.Insert(deliveries.Select(Document));
        return Task.CompletedTask;
    }

    public Task<Delivery?> FindAsync(string key)
    {
        var document = _deliveries.FindById(key);
        return Task.FromResult(document is null
            ? null
            : Delivery.Restore(JsonSerializer.Deserialize(
                document["doc"].AsString, DeliveryJsonContext.Default.DeliveryState)!));
    }

    public Task<int> ListOpenAsync(string tenant)
    {
        var list = Query.EQ("list", ListKey(tenant, closed: false));
        var total = _deliveries.Count(list);
        // Only the summary fields come back, as the SQLite store reads only its summary columns.
        _ = _deliveries.Query().Where(list).OrderByDescending("$.created")
            .Select("{ _id: $._id, status: $.status, version: $.version }").Limit(PageSize).ToList();
        return Task.FromResult(total);
    }

    public Task<long> CountAsync() => Task.FromResult(_deliveries.LongCount());

    public void Dispose() => _database.Dispose();

    private static string ListKey(string tenant, bool closed) => $"{tenant}|{(closed ? "closed" : "open")}";

    private static BsonDocument Document(Delivery delivery) => new()
    {
        ["_id"] = delivery.Key,
        ["list"] = ListKey(delivery.State.TenantId, delivery.IsClosed),
        ["status"] = delivery.Status.ToString(),
        ["version"] = delivery.Version,
        ["created"] = DateTime.UtcNow.Ticks,
        ["doc"] = JsonSerializer.Serialize(delivery.State, DeliveryJsonContext.Default.DeliveryState),
    };
}
