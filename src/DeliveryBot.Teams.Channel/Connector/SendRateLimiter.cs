using System.Collections.Concurrent;

namespace DeliveryBot.Teams.Connector;

/// <summary>
/// Keeps the bot under Teams' limits so it never causes a 429 itself: per conversation 7 per second, 8 per
/// 2 seconds, 60 per 30 seconds and 1,800 per hour; per tenant a configurable rate per second. An exact sliding
/// log, so the limits hold over any interval, not just aligned windows.
/// </summary>
/// <remarks>
/// A send is logged at the moment its response arrives, and counts as "now" while in flight. Teams receives it
/// somewhere between the two, so measured from the log the next send can never reach Teams early, whatever the
/// network did to the previous one. An update of a message already in a chat (a card redrawn, an older copy told it
/// moved) leaves room in every window for <see cref="KeptForNewMessages"/> new messages: a change that redraws a
/// person's cards and sends them their next one does not hold the new card behind the redraws of cards already seen.
/// </remarks>
public sealed class SendRateLimiter(TimeProvider clock, int tenantPerSecond)
{
    public static readonly IReadOnlyList<(int Count, TimeSpan Window)> ConversationLimits =
    [
        (7, TimeSpan.FromSeconds(1)),
        (8, TimeSpan.FromSeconds(2)),
        (60, TimeSpan.FromSeconds(30)),
        (1800, TimeSpan.FromHours(1)),
    ];

    /// <summary>
    /// How many sends of every window an update leaves to new messages: a change brings a person at most a card and a
    /// line, so their next card goes at once however many of their cards the change redrew.
    /// </summary>
    public const int KeptForNewMessages = 2;

    /// <summary>The longest single wait before the limits are looked at again.</summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(1);

    /// <summary>How soon to look again when the send holding things up is still in flight.</summary>
    private static readonly TimeSpan InFlightPoll = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// How often logs that have gone quiet are dropped, so the maps hold only what was sent to lately.
    /// </summary>
    private static readonly TimeSpan SweepEvery = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, SendLog> _conversations = new();
    private readonly ConcurrentDictionary<string, SendLog> _tenants = new();
    private long _sweptAt;

    /// <summary>
    /// How many conversations and tenants are tracked now: those sent to within their longest window (an hour).
    /// </summary>
    public int Tracked => _conversations.Count + _tenants.Count;

    /// <summary>
    /// Waits until a send to this conversation (and tenant) is within every limit, less what an
    /// <paramref name="update"/> leaves to new messages; dispose the permit when the response arrives.
    /// </summary>
    public async Task<IDisposable> AcquireAsync(
        string conversationId, string? tenantId, CancellationToken ct, bool update = false)
    {
        while (true)
        {
            if (TryAcquire(conversationId, tenantId, out var permit, out var wait, update)) return permit!;
            // Look again at least every second: a long wait (the hourly limit) then notices a clock that was changed
            // meanwhile (NTP, a resumed VM, a test's clock) instead of sleeping on a figure that no longer holds.
            await Task.Delay(wait < MaxWait ? wait : MaxWait, clock, ct);
        }
    }

    /// <summary>Takes a permit now if every limit allows it; otherwise says how long until one might.</summary>
    public bool TryAcquire(
        string conversationId, string? tenantId, out IDisposable? permit, out TimeSpan retryAfter, bool update = false)
    {
        var leave = update ? KeptForNewMessages : 0;
        SweepQuietLogs();
        while (true)
        {
            // static factories: a lambda reading a field would be allocated again on every send
            var conversation = _conversations.GetOrAdd(conversationId, static _ => new SendLog(ConversationLimits));
            var tenant = tenantId is null
                ? null
                : _tenants.GetOrAdd(
                    tenantId, static (_, rate) => new SendLog([(rate, TimeSpan.FromSeconds(1))]), tenantPerSecond);
            if (TryAcquire(conversation, tenant, leave, out permit, out retryAfter)) return permit is not null;
            // A log dropped as quiet between finding it and locking it: find (or make) the one in the map now.
        }
    }

    /// <summary>False when a log was dropped meanwhile (look again); otherwise whether a permit was taken.</summary>
    private bool TryAcquire(
        SendLog conversation, SendLog? tenant, int leave, out IDisposable? permit, out TimeSpan retryAfter)
    {
        permit = null;
        retryAfter = TimeSpan.Zero;
        // Both logs are taken in a fixed order (conversation, then tenant), so two sends never deadlock.
        lock (conversation)
        {
            if (conversation.Dropped) return false;
            var now = clock.GetUtcNow();
            retryAfter = conversation.WaitFor(now, leave);
            if (tenant is not null)
                lock (tenant)
                {
                    if (tenant.Dropped) return false;
                    var tenantWait = tenant.WaitFor(now, leave);
                    if (tenantWait > retryAfter) retryAfter = tenantWait;
                    if (retryAfter <= TimeSpan.Zero)
                    {
                        conversation.Start();
                        tenant.Start();
                        permit = new Permit(clock, conversation, tenant);
                    }
                    return true;
                }
            if (retryAfter <= TimeSpan.Zero)
            {
                conversation.Start();
                permit = new Permit(clock, conversation, null);
            }
            return true;
        }
    }

    /// <summary>
    /// Drops, at most once a minute, the logs with nothing in flight and nothing inside their longest window: without
    /// this every conversation the bot ever wrote to would stay in memory. A log is dropped under its lock and marked,
    /// so a send that found it just before looks again and never splits one conversation's count over two logs.
    /// </summary>
    private void SweepQuietLogs()
    {
        var now = clock.GetUtcNow();
        var last = Interlocked.Read(ref _sweptAt);
        if (now.UtcTicks - last < SweepEvery.Ticks
            || Interlocked.CompareExchange(ref _sweptAt, now.UtcTicks, last) != last) return;
        foreach (var logs in new[] { _conversations, _tenants })
            foreach (var (key, log) in logs)
                lock (log)
                    if (log.IsQuiet(now))
                    {
                        log.Dropped = true;
                        logs.TryRemove(new KeyValuePair<string, SendLog>(key, log));
                    }
    }

    private sealed class Permit(TimeProvider clock, SendLog conversation, SendLog? tenant) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
            var now = clock.GetUtcNow();
            lock (conversation) conversation.Finish(now);
            if (tenant is not null) lock (tenant) tenant.Finish(now);
        }
    }

    /// <summary>
    /// The sends to one conversation or tenant within the longest window: how many are in flight, and when each of the
    /// others finished, oldest first. A send finishes about when the others in flight with it do, so keeping the times
    /// in order takes a step or two from the end, and the n-th newest is found by its place. A send asks this before
    /// every call; sorting an hour's sends (up to 1,800 in a busy chat) each time cost more than the call.
    /// </summary>
    private sealed class SendLog((int Count, TimeSpan Window)[] limits)
    {
        private readonly List<DateTimeOffset> _finished = [];
        private readonly TimeSpan _longest = limits.Max(l => l.Window);
        private int _inFlight;

        public SendLog(IReadOnlyList<(int, TimeSpan)> limits) : this([.. limits]) { }

        /// <summary>
        /// Taken out of the map as quiet: a send must use the map's log instead. Read and set under the lock.
        /// </summary>
        public bool Dropped { get; set; }

        /// <summary>
        /// Nothing in flight and nothing inside the longest window: forgetting it changes no limit. Call under the
        /// lock.
        /// </summary>
        public bool IsQuiet(DateTimeOffset now)
            => _inFlight == 0 && (_finished.Count == 0 || _finished[^1] <= now - _longest);

        /// <summary>One more send in flight. Call under the lock.</summary>
        public void Start() => _inFlight++;

        /// <summary>A send in flight finished at <paramref name="at"/>. Call under the lock.</summary>
        public void Finish(DateTimeOffset at)
        {
            _inFlight--;
            var place = _finished.Count;
            while (place > 0 && _finished[place - 1] > at) place--;
            _finished.Insert(place, at);
        }

        /// <summary>
        /// How long until one more send keeps every limit, less <paramref name="leave"/> sends of each (never below
        /// one); zero or less means now. Call under the lock.
        /// </summary>
        public TimeSpan WaitFor(DateTimeOffset now, int leave)
        {
            var stale = 0;
            while (stale < _finished.Count && _finished[stale] <= now - _longest) stale++;
            _finished.RemoveRange(0, stale);
            var wait = TimeSpan.Zero;
            foreach (var (limit, window) in limits)
            {
                var count = Math.Max(1, limit - leave);
                // the count-th newest send: one in flight counts as happening now
                if (_inFlight + _finished.Count < count) continue;
                var free = count <= _inFlight
                    ? InFlightPoll
                    : _finished[_finished.Count - (count - _inFlight)] + window - now;
                if (free > wait) wait = free;
            }
            return wait;
        }
    }
}
