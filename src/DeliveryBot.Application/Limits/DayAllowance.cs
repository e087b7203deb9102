using System.Collections.Concurrent;

namespace DeliveryBot.Application.Limits;

/// <summary>
/// How many times each key (a person, in an organisation) did something over the last 24 hours, to cap what one
/// person can set off. Kept in this process; keys with nothing inside the day are forgotten, at most once an hour.
/// </summary>
public sealed class DayAllowance
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _taken = new(StringComparer.OrdinalIgnoreCase);
    private long _sweptAt;

    /// <summary>When the next one is allowed: null if now.</summary>
    public DateTimeOffset? NextAllowed(string key, int perDay, DateTimeOffset now)
    {
        if (!_taken.TryGetValue(key, out var times)) return null;
        lock (times)
        {
            Expire(times, now);
            return times.Count < perDay ? null : times.Peek() + Day;
        }
    }

    /// <summary>Counts one now.</summary>
    public void Take(string key, DateTimeOffset now)
    {
        var times = _taken.GetOrAdd(key, _ => new Queue<DateTimeOffset>());
        lock (times) times.Enqueue(now);
        Sweep(now);
    }

    /// <summary>Counts one now if the day has room; false (and nothing counted) if not.</summary>
    public bool TryTake(string key, int perDay, DateTimeOffset now)
    {
        var times = _taken.GetOrAdd(key, _ => new Queue<DateTimeOffset>());
        bool taken;
        lock (times)
        {
            Expire(times, now);
            taken = times.Count < perDay;
            if (taken) times.Enqueue(now);
        }
        Sweep(now);
        return taken;
    }

    private static void Expire(Queue<DateTimeOffset> times, DateTimeOffset now)
    {
        while (times.Count > 0 && times.Peek() <= now - Day) times.Dequeue();
    }

    private void Sweep(DateTimeOffset now)
    {
        var last = Interlocked.Read(ref _sweptAt);
        if (now.UtcTicks - last < TimeSpan.TicksPerHour
            || Interlocked.CompareExchange(ref _sweptAt, now.UtcTicks, last) != last) return;
        foreach (var (key, times) in _taken)
            lock (times)
                if (times.Count == 0 || times.Last() <= now - Day)
                    _taken.TryRemove(new KeyValuePair<string, Queue<DateTimeOffset>>(key, times));
    }
}
