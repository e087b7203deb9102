using System.Collections.Concurrent;
using DeliveryBot.Domain.Deliveries;

namespace DeliveryBot.Application.Messages;

/// <summary>
/// The deliveries this process has just saved, kept for a moment so the messages that follow a change are drawn from
/// the record in hand instead of loading and parsing it again (a click's redraw and notes go within milliseconds).
/// An entry older than <see cref="For"/> is not used: another instance may have changed the delivery since.
/// </summary>
internal sealed class FreshDeliveries
{
    public static readonly TimeSpan For = TimeSpan.FromSeconds(2);
    private long _sweptAt;

    private readonly ConcurrentDictionary<string, (Delivery Delivery, DateTimeOffset At)> _saved =
        new(StringComparer.OrdinalIgnoreCase);

    public void Keep(Delivery saved, DateTimeOffset now)
    {
        // its own wrapper over the immutable record: nobody can change it under us
        var delivery = saved.Snapshot();
        // static lambdas given the entry: one capturing it made a closure and a delegate on every save
        _saved.AddOrUpdate(
            delivery.Key,
            static (_, entry) => entry,
            static (_, kept, entry) => kept.Delivery.Version > entry.Delivery.Version ? kept : entry,
            (Delivery: delivery, At: now));
        // Forget what has gone stale, at most once a second (counting the entries alone would take every lock of the
        // map).
        var last = Interlocked.Read(ref _sweptAt);
        if (now.UtcTicks - last < TimeSpan.TicksPerSecond
            || Interlocked.CompareExchange(ref _sweptAt, now.UtcTicks, last) != last) return;
        foreach (var (id, kept) in _saved)
            if (now - kept.At > For) _saved.TryRemove(new KeyValuePair<string, (Delivery, DateTimeOffset)>(id, kept));
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
