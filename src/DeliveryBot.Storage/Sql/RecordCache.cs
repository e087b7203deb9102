using DeliveryBot.Domain.Record;
using Microsoft.Extensions.Caching.Memory;

namespace DeliveryBot.Storage.Sql;

/// <summary>
/// The records this process read or saved last, as they were at their version: a click's load then reads one small
/// row (is it still that version?) instead of parsing the whole document and every audit row. Never trusted without
/// that check, so a save by another instance (PostgreSQL), a backup restored under the bot or a save that failed is
/// seen at once: a copy whose version is not the stored one is never served. Bounded by count (least recently used go
/// first), since a record's state is immutable and holds no connection.
/// </summary>
internal sealed class RecordCache : IDisposable
{
    /// <summary>Enough for every open delivery of a large organisation; a record is tens of KB in memory.</summary>
    public const int DefaultCapacity = 2_000;

    private static readonly MemoryCacheEntryOptions OneEntry = new() { Size = 1 };
    private readonly MemoryCache _records;

    public RecordCache(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Capacity = capacity;
        _records = new MemoryCache(new MemoryCacheOptions { SizeLimit = Math.Max(capacity, 1) });
    }

    public int Capacity { get; }

    /// <summary>The state kept for <paramref name="key"/>, if any; the caller checks its version.</summary>
    public DeliveryState? Find(string key)
        => Capacity > 0 && _records.TryGetValue(key, out DeliveryState? state) ? state : null;

    /// <summary>What a load from the database would give now: after a committed save, or after a load.</summary>
    public void Keep(string key, DeliveryState state)
    {
        if (Capacity > 0) _records.Set(key, state, OneEntry);
    }

    public void Forget(string key) => _records.Remove(key);

    public void Dispose() => _records.Dispose();
}
