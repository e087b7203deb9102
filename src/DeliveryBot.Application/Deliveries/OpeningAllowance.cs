using System.Collections.Concurrent;

namespace DeliveryBot.Application.Deliveries;

/// <summary>
/// How many deliveries one person may open in a day. Opening one names a Client Intake Manager, who then gets its cards
/// and nudges: without a cap, anyone in a chat could bury a colleague in them by submitting the intake form again and
/// again. Counted per person per organisation, in this process (a second instance counts its own), over a sliding day.
/// </summary>
public sealed class OpeningAllowance(int perDay = OpeningAllowance.DefaultPerDay)
{
    public const int DefaultPerDay = 20;
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _opened = new(StringComparer.Ordinal);
    private long _sweptAt;

    public int PerDay => perDay;

    /// <summary>When the person may open the next one: null if now.</summary>
    public DateTimeOffset? NextAllowed(string tenantId, string personKey, DateTimeOffset now)
    {
        if (!_opened.TryGetValue(Key(tenantId, personKey), out var times)) return null;
        lock (times)
        {
            while (times.Count > 0 && times.Peek() <= now - Day) times.Dequeue();
            return times.Count < perDay ? null : times.Peek() + Day;
        }
    }

    /// <summary>Counts a delivery the person has just opened.</summary>
    public void Opened(string tenantId, string personKey, DateTimeOffset now)
    {
        var times = _opened.GetOrAdd(Key(tenantId, personKey), _ => new Queue<DateTimeOffset>());
        lock (times) times.Enqueue(now);
        Sweep(now);
    }

    /// <summary>Forgets, at most once an hour, the people who opened nothing within the day, so the map stays small.</summary>
    private void Sweep(DateTimeOffset now)
    {
        var last = Interlocked.Read(ref _sweptAt);
        if (now.UtcTicks - last < TimeSpan.TicksPerHour || Interlocked.CompareExchange(ref _sweptAt, now.UtcTicks, last) != last) return;
        foreach (var (key, times) in _opened)
            lock (times)
                if (times.Count == 0 || times.Last() <= now - Day) _opened.TryRemove(new KeyValuePair<string, Queue<DateTimeOffset>>(key, times));
    }

    private static string Key(string tenantId, string personKey) => $"{tenantId}|{personKey}";
}
