using DeliveryBot.Domain.Metrics;
using DeliveryBot.Domain.Record;
using Microsoft.Extensions.Caching.Memory;

namespace DeliveryBot.Storage.Sql;

/// <summary>
/// The records this process read or saved last, as they were at their version: a click's load then reads one small
/// row (is it still that version?) instead of parsing the whole document and every audit row. Never trusted without
/// that check, so a save by another instance (PostgreSQL), a backup restored under the bot or a save that failed is
/// seen at once: a copy whose version is not the stored one is never served. Bounded by count (least recently used go
/// first), since a record's state is immutable and holds no connection. A copy this process saved also keeps the index
/// and metric rows that save wrote (<see cref="WrittenRows"/>): while the stored version is still that one, they are
/// the rows in the database, so the next save writes only the rows that differ.
/// </summary>
internal sealed class RecordCache : IDisposable
{
    /// <summary>
    /// The deliveries a process is clicking on at once, with room. A parsed record of the storage bench (9 KB of
    /// document, 26 audit entries) holds about 55 KB: 2,000 of them took the bench's process from 114 to 216-232 MB,
    /// near SPEC's 250 MB at 100,000 records. A record not kept is only parsed again (about 0.2 ms).
    /// </summary>
    public const int DefaultCapacity = 500;

    private static readonly MemoryCacheEntryOptions OneEntry = new() { Size = 1 };
    private readonly MemoryCache _records;

    public RecordCache(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Capacity = capacity;
        _records = new MemoryCache(new MemoryCacheOptions { SizeLimit = Math.Max(capacity, 1) });
    }

    public int Capacity { get; }

    /// <summary>The record kept for <paramref name="key"/>, if any; the caller checks its version.</summary>
    public KeptRecord? Find(string key)
        => Capacity > 0 && _records.TryGetValue(key, out KeptRecord? kept) ? kept : null;

    /// <summary>
    /// What a load from the database would give now: after a committed save (with the rows it wrote), or after a load
    /// (whose rows this process did not write, so none are kept).
    /// </summary>
    public void Keep(string key, DeliveryState state, WrittenRows? rows = null)
    {
        if (Capacity > 0) _records.Set(key, new KeptRecord(state, rows), OneEntry);
    }

    public void Forget(string key) => _records.Remove(key);

    public void Dispose() => _records.Dispose();
}

/// <summary>A record as stored at its version, and the rows beside it when this process's save wrote them.</summary>
internal sealed record KeptRecord(DeliveryState State, WrittenRows? Rows);

/// <summary>The indexed columns, index rows and metric rows one save wrote beside the document.</summary>
internal sealed record WrittenRows(DeliveryIndex Index, IReadOnlyList<MetricFact> Facts)
{
    /// <summary>What a record not stored yet has: nothing.</summary>
    public static readonly WrittenRows None = new(DeliveryIndex.Empty, []);
}
