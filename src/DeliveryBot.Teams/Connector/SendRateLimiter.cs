using System.Collections.Concurrent;

namespace DeliveryBot.Teams.Connector;

/// <summary>
/// Keeps the bot under Teams' limits so it never causes a 429 itself: per conversation 7 per second, 8 per
/// 2 seconds, 60 per 30 seconds and 1,800 per hour; per tenant a configurable rate per second. An exact sliding
/// log (the time of each recent send), so the limits hold over any interval, not just aligned windows.
/// </summary>
public sealed class SendRateLimiter(TimeProvider clock, int tenantPerSecond)
{
    public static readonly IReadOnlyList<(int Count, TimeSpan Window)> ConversationLimits =
        [(7, TimeSpan.FromSeconds(1)), (8, TimeSpan.FromSeconds(2)), (60, TimeSpan.FromSeconds(30)), (1800, TimeSpan.FromHours(1))];

    private readonly ConcurrentDictionary<string, SendLog> _conversations = new();
    private readonly ConcurrentDictionary<string, SendLog> _tenants = new();

    /// <summary>Waits until a send to this conversation (and tenant) is within every limit, then counts it.</summary>
    public async Task AcquireAsync(string conversationId, string? tenantId, CancellationToken ct)
    {
        while (!TryAcquire(conversationId, tenantId, out var wait)) await Task.Delay(wait, clock, ct);
    }

    /// <summary>Counts a send now if every limit allows it; otherwise says how long until one would.</summary>
    public bool TryAcquire(string conversationId, string? tenantId, out TimeSpan retryAfter)
    {
        var conversation = _conversations.GetOrAdd(conversationId, _ => new SendLog(ConversationLimits));
        var tenant = tenantId is null ? null : _tenants.GetOrAdd(tenantId, _ => new SendLog([(tenantPerSecond, TimeSpan.FromSeconds(1))]));
        // Both logs are taken in a fixed order (conversation, then tenant), so two sends never deadlock.
        lock (conversation)
        {
            var now = clock.GetUtcNow();
            retryAfter = conversation.WaitFor(now);
            if (tenant is not null)
                lock (tenant)
                {
                    retryAfter = Max(retryAfter, tenant.WaitFor(now));
                    if (retryAfter <= TimeSpan.Zero) tenant.Record(now);
                }
            if (retryAfter > TimeSpan.Zero) return false;
            conversation.Record(now);
            return true;
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>Send times within the longest window, oldest first.</summary>
    private sealed class SendLog((int Count, TimeSpan Window)[] limits)
    {
        private readonly Queue<DateTimeOffset> _sent = new();
        private readonly TimeSpan _longest = limits.Max(l => l.Window);

        public SendLog(IReadOnlyList<(int, TimeSpan)> limits) : this([.. limits]) { }

        /// <summary>How long until one more send keeps every limit; zero or less means now.</summary>
        public TimeSpan WaitFor(DateTimeOffset now)
        {
            while (_sent.Count > 0 && _sent.Peek() <= now - _longest) _sent.Dequeue();
            var wait = TimeSpan.Zero;
            var times = _sent.ToArray();
            foreach (var (count, window) in limits)
            {
                // The count-th most recent send must have left the window before one more may go.
                if (times.Length < count) continue;
                var blocking = times[^count];
                var free = blocking + window - now;
                if (free > wait) wait = free;
            }
            return wait;
        }

        public void Record(DateTimeOffset now) => _sent.Enqueue(now);
    }
}
