using DeliveryBot.Domain.Metrics;
using DeliveryBot.Domain.Record;
using Microsoft.Extensions.Caching.Memory;

namespace DeliveryBot.Storage.Sql;

/// <summary>
/// The records this process read or saved last, as they were at their version: a click's load then reads one small
/// row (is it still that version?) instead of parsing the whole document and every audit row. Never trusted without
/// that check, so a save by another instance (PostgreSQL), a backup restored under the bot or a save that failed is
/// seen at once: a copy whose version is not the stored one is never served. Bounded by what the kept records weigh
/// (<see cref="Weight"/>; least recently used go first), since records differ tenfold: a delivery just opened holds
/// about 8 KB parsed, one at its review 50 KB. A copy this process saved also keeps the index and metric rows that save
/// wrote (<see cref="WrittenRows"/>): while the stored version is still that one, they are the rows in the database, so
/// the next save writes only the rows that differ.
/// </summary>
internal sealed class RecordCache : IDisposable
{
    /// <summary>
    /// 32 MB of parsed records: 1,300 to 2,400 deliveries in the lifecycle's middle stages, 700 at their review. The
    /// process grows by about as much (the storage bench, 100,000 records: 171 MB resident with its records kept to
    /// 32 MB, 153 MB with 500 kept, the count this replaced), within SPEC's 250 MB (docs/performance.md).
    /// </summary>
    public const int DefaultMegabytes = 32;

    private readonly MemoryCache _records;

    public RecordCache(int megabytes = DefaultMegabytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(megabytes);
        Budget = megabytes * 1024L * 1024L;
        _records = new MemoryCache(new MemoryCacheOptions { SizeLimit = Math.Max(Budget, 1) });
    }

    /// <summary>How many bytes the kept records may weigh, by <see cref="Weight"/>; 0 keeps none.</summary>
    public long Budget { get; }

    /// <summary>
    /// About what a parsed record holds on the heap, from what a store knows without walking it: its stored document
    /// (strings twice the size in .NET, less the JSON's names and punctuation; with what its decisions owe, worked out
    /// once a state is used) and its audit entries, each a row of strings. Fitted to a record at each stage of the
    /// lifecycle (`bench -- weights`: from what a full collection finds each holding to a quarter above it), so the
    /// budget is one of heap, erring on the side of keeping fewer.
    /// </summary>
    public static long Weight(DeliveryState state, int documentBytes)
        => BaseWeight + documentBytes * 5L / 4 + state.Audit.Count * AuditEntryWeight;

    private const int BaseWeight = 1024;
    private const int AuditEntryWeight = 600;

    /// <summary>The record kept for <paramref name="key"/>, if any; the caller checks its version.</summary>
    public KeptRecord? Find(string key)
        => Budget > 0 && _records.TryGetValue(key, out KeptRecord? kept) ? kept : null;

    /// <summary>
    /// What a load from the database would give now: after a committed save (with the rows it wrote), or after a load
    /// (whose rows this process did not write, so none are kept). <paramref name="documentBytes"/>: the stored
    /// document's length, for its <see cref="Weight"/>.
    /// </summary>
    public void Keep(string key, DeliveryState state, int documentBytes, WrittenRows? rows = null)
    {
        if (Budget == 0) return;
        // the entry made and sized here rather than through options (Set's): one object fewer a save
        using var entry = _records.CreateEntry(key);
        entry.Size = Weight(state, documentBytes);
        entry.Value = new KeptRecord(state, rows);
    }

    public void Forget(string key) => _records.Remove(key);

    public void Dispose() => _records.Dispose();
}

/// <summary>A record as stored at its version, and the rows beside it when this process's save wrote them.</summary>
internal sealed record KeptRecord(DeliveryState State, WrittenRows? Rows);

/// <summary>
/// The indexed columns, index rows and metric rows one save wrote beside the document, and the document's length as
/// stored (for what the kept record weighs).
/// </summary>
internal sealed record WrittenRows(DeliveryIndex Index, IReadOnlyList<MetricFact> Facts, int DocumentBytes = 0)
{
    /// <summary>What a record not stored yet has: nothing.</summary>
    public static readonly WrittenRows None = new(DeliveryIndex.Empty, []);
}
