using System.Collections.Concurrent;
using DeliveryBot.Domain.Deliveries;

namespace DeliveryBot.Application.Messages;

/// <summary>
/// The deliveries this process has just saved, kept for a moment so the messages that follow a change are drawn from
/// the record in hand instead of loading and parsing it again (a click's redraw and notes go within milliseconds).
/// An entry older than <see cref="For"/> is not used: another instance may have changed the delivery since.
/// </summary>
/// <remarks>
/// A save whose messages this process sends itself (the rows it wrote under its lease) is forgotten once the last of
/// them has been sent, rather than <see cref="For"/> later: at saturation the entries of two seconds of clicks were
/// alive at every collection of the first generation, which copied them (docs/performance.md).
/// </remarks>
internal sealed class FreshDeliveries
{
    public static readonly TimeSpan For = TimeSpan.FromSeconds(2);
    private long _sweptAt;

    private readonly ConcurrentDictionary<string, Kept> _saved = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// A delivery as saved, and how many of its save's messages are still to be sent here (none counted: kept for
    /// <see cref="For"/>).
    /// </summary>
    internal sealed class Kept(Delivery delivery, DateTimeOffset at, int sends)
    {
        public Delivery Delivery { get; } = delivery;
        public DateTimeOffset At { get; } = at;
        public int Sends = sends;
    }

    /// <summary>The entries held now (a test's view).</summary>
    public int Count => _saved.Count;

    /// <summary>
    /// Keeps <paramref name="saved"/>; with <paramref name="sends"/> above zero, until <see cref="Sent"/> has been told
    /// that many times (or <see cref="For"/> has passed).
    /// </summary>
    public Kept Keep(Delivery saved, DateTimeOffset now, int sends = 0)
    {
        // its own wrapper over the immutable record: nobody can change it under us
        var kept = new Kept(saved.Snapshot(), now, sends);
        // static lambdas given the entry: one capturing it made a closure and a delegate on every save
        _saved.AddOrUpdate(
            kept.Delivery.Key,
            static (_, entry) => entry,
            static (_, older, entry) => older.Delivery.Version > entry.Delivery.Version ? older : entry,
            kept);
        // Forget what has gone stale, at most once a second (counting the entries alone would take every lock of the
        // map).
        var last = Interlocked.Read(ref _sweptAt);
        if (now.UtcTicks - last < TimeSpan.TicksPerSecond
            || Interlocked.CompareExchange(ref _sweptAt, now.UtcTicks, last) != last) return kept;
        foreach (var (id, entry) in _saved)
            if (now - entry.At > For) _saved.TryRemove(new KeyValuePair<string, Kept>(id, entry));
        return kept;
    }

    /// <summary>
    /// <paramref name="count"/> of the save's messages have been dealt with (or will not draw on it); after the last,
    /// the entry goes, unless a later save has taken its place.
    /// </summary>
    public void Sent(Kept kept, int count = 1)
    {
        if (count > 0 && Interlocked.Add(ref kept.Sends, -count) == 0)
            _saved.TryRemove(new KeyValuePair<string, Kept>(kept.Delivery.Key, kept));
    }

    /// <summary>
    /// The delivery a message is about, if it was saved here a moment ago (and, for a redraw, at or after its change).
    /// </summary>
    public Delivery? Find(OutgoingMessage message, DateTimeOffset now)
        => _saved.TryGetValue(message.DeliveryId, out var kept) && now - kept.At <= For
           && (message is not CardRedraw redraw || kept.Delivery.Version >= redraw.Version)
            ? kept.Delivery
            : null;
}
