using System.Collections.Concurrent;

namespace DeliveryBot.Storage.Sql;

/// <summary>Job locks held inside one process: enough where a single instance owns the database (SQLite).</summary>
internal sealed class ProcessLocks
{
    private readonly ConcurrentDictionary<long, SemaphoreSlim> _locks = new();

    public async Task<IAsyncDisposable?> TryHoldAsync(long key, CancellationToken ct)
    {
        var gate = _locks.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        return await gate.WaitAsync(TimeSpan.Zero, ct) ? new Held(gate) : null;
    }

    private sealed class Held(SemaphoreSlim gate) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) gate.Release();
            return ValueTask.CompletedTask;
        }
    }
}
