using System.Collections.Concurrent;

namespace DeliveryBot.Application.Deliveries;

/// <summary>One async lock per key, created on demand and dropped when nobody holds or waits for it.</summary>
internal sealed class KeyedLock
{
    private readonly ConcurrentDictionary<string, Entry> _locks = new(StringComparer.OrdinalIgnoreCase);

    public async Task<IDisposable> AcquireAsync(string key, CancellationToken ct)
    {
        Entry entry;
        while (true)
        {
            entry = _locks.GetOrAdd(key, _ => new Entry());
            lock (entry)
            {
                if (!entry.Retired) { entry.Users++; break; }
            }
        }
        try { await entry.Gate.WaitAsync(ct); }
        catch { Release(key, entry, held: false); throw; }
        return new Releaser(() => Release(key, entry, held: true));
    }

    private void Release(string key, Entry entry, bool held)
    {
        if (held) entry.Gate.Release();
        lock (entry)
        {
            if (--entry.Users > 0) return;
            entry.Retired = true;
            _locks.TryRemove(new KeyValuePair<string, Entry>(key, entry));
        }
        entry.Gate.Dispose();
    }

    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public int Users { get; set; }
        public bool Retired { get; set; }
    }

    private sealed class Releaser(Action release) : IDisposable
    {
        private Action? _release = release;
        public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
    }
}
