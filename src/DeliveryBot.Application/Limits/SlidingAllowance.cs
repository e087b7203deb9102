using System.Collections.Concurrent;

namespace DeliveryBot.Application.Limits;

/// <summary>
/// How many times each key (a person, in an organisation) did something over the last <c>window</c>, to cap
/// what one person can set off. Kept in this process; keys with nothing inside the window are forgotten, at most once
/// every <c>sweepEvery</c>.
/// </summary>
public sealed class SlidingAllowance(TimeSpan window, TimeSpan sweepEvery)
{
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _taken = new(StringComparer.OrdinalIgnoreCase);
    private long _sweptAt;

    /// <summary>A day's allowance, its quiet keys forgotten hourly.</summary>
    public static SlidingAllowance Daily() => new(TimeSpan.FromDays(1), TimeSpan.FromHours(1));

    /// <summary>When the next one is allowed: null if now.</summary>
    public DateTimeOffset? NextAllowed(string key, int limit, DateTimeOffset now)
    {
        if (!_taken.TryGetValue(key, out var times)) return null;
        lock (times)
        {
            Expire(times, now);
            return times.Count < limit ? null : times.Peek() + window;
        }
    }

    /// <summary>Counts one now.</summary>
    public void Take(string key, DateTimeOffset now)
    {
        var times = _taken.GetOrAdd(key, _ => new Queue<DateTimeOffset>());
        lock (times) times.Enqueue(now);
        Sweep(now);
    }

    /// <summary>Counts one now if the window has room; false (and nothing counted) if not.</summary>
    public bool TryTake(string key, int limit, DateTimeOffset now)
    {
        var times = _taken.GetOrAdd(key, _ => new Queue<DateTimeOffset>());
        bool taken;
        lock (times)
        {
            Expire(times, now);
            taken = times.Count < limit;
            if (taken) times.Enqueue(now);
        }
        Sweep(now);
        return taken;
    }

    private void Expire(Queue<DateTimeOffset> times, DateTimeOffset now)
    {
        while (times.Count > 0 && times.Peek() <= now - window) times.Dequeue();
    }

    private void Sweep(DateTimeOffset now)
    {
        var last = Interlocked.Read(ref _sweptAt);
        if (now.UtcTicks - last < sweepEvery.Ticks
            || Interlocked.CompareExchange(ref _sweptAt, now.UtcTicks, last) != last) return;
        foreach (var (key, times) in _taken)
            lock (times)
                if (times.Count == 0 || times.Last() <= now - window)
                    _taken.TryRemove(new KeyValuePair<string, Queue<DateTimeOffset>>(key, times));
    }
}
