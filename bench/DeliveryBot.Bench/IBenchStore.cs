using DeliveryBot.Domain.Deliveries;

namespace DeliveryBot.Bench;

/// <summary>
/// What the litedb bench asks of a store: just enough to compare LiteDB with the project's SQLite store on the same
/// records, so the figures do not depend on how much of <c>IDeliveryStore</c> a LiteDB port would cover.
/// </summary>
internal interface IBenchStore : IDisposable
{
    /// <summary>Inserts one new record in its own commit; returns once that commit has returned.</summary>
    Task InsertAsync(Delivery delivery);

    /// <summary>Inserts many new records in one transaction.</summary>
    Task ImportAsync(IReadOnlyCollection<Delivery> deliveries);

    /// <summary>The record under its key (tenant/id), read back into the domain, or null.</summary>
    Task<Delivery?> FindAsync(string key);

    /// <summary>A tenant's open records: their count and the newest page of 50 (what `list` shows).</summary>
    Task<int> ListOpenAsync(string tenant);

    /// <summary>How many records the file holds.</summary>
    Task<long> CountAsync();
}
