using System.Diagnostics;
using DeliveryBot.Application.Storage;
using DeliveryBot.Application.Telemetry;
using DeliveryBot.Domain.Deliveries;
using Microsoft.Extensions.Logging;

namespace DeliveryBot.Application.Messages;

/// <summary>
/// The one way anything the bot tells people leaves the outbox: reminders, notices, turn cards, card redraws. It claims
/// due rows for a lease in this instance's name, sends each through the channel, and records what happened: sent, given
/// up with the reason (the DM told when Teams refuses someone), or retried with backoff. A row is marked sent only
/// after the channel took it.
/// </summary>
/// <remarks>
/// Rows go in lanes, one per chat or person (the row's recipient key): a lane sends in order, lanes run side by side
/// (<see cref="Parallelism"/>), so a busy or slow chat holds up its own lane and nothing else. A save in this process
/// wakes the dispatcher (<see cref="MessagesWritten"/>), so a click's fan-out goes at once; the periodic drain
/// (<see cref="DispatchAsync(int, TimeSpan, CancellationToken)"/>) picks up retries and what an earlier process left
/// behind.
/// </remarks>
public sealed partial class OutboxDispatcher(
    IOutbox outbox,
    IDeliveryStore store,
    IConversationStore conversations,
    LivingCards living,
    IMessageChannel channel,
    UnreachableNotice unreachable,
    SenderIdentity sender,
    TimeProvider clock,
    ILogger<OutboxDispatcher> logger,
    ClientMessageSender? clientMessages = null) : IOutboxSender, IOutboxSignal, IDisposable
{
    /// <summary>
    /// How long a claimed row is ours before another sender may take it; renewed before a send once half of it has
    /// passed.
    /// </summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(20);

    /// <summary>Lanes served at once.</summary>
    public const int Parallelism = 32;

    private const int WakeBatch = 200;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<Work>> _lanes = new(StringComparer.Ordinal);
    private readonly HashSet<long> _queued = [];
    private readonly SemaphoreSlim _slots = new(Parallelism);
    private readonly CancellationTokenSource _stopping = new();
    private readonly FreshDeliveries _fresh = new();
    private readonly DrawnCards _drawnCards = new();
    private int _wakeRequested;
    private int _pumping;
    private int _disposed;
    private volatile bool _handingBack; // a graceful stop: claim nothing, start no queued send
    private int _busy; // the pump and the lanes at work; guarded by _gate
    private DateTimeOffset _renewedAt; // the waiting rows' leases last renewed; guarded by _gate
    private ITimer? _renewal; // renews them between claims; made with the first row queued, under _gate
    private TaskCompletionSource _idle = Idle();

    /// <summary>
    /// Rows a lane keeps whole while they wait; behind them it keeps only their ids and reads each back when its turn
    /// comes. A chat Teams lets the bot write to twice a second over time (a person told of every click on many
    /// deliveries) can have thousands waiting, and each whole row (its payload above all) outlived every collection of
    /// the first generation while it waited, which copied it (docs/performance.md).
    /// </summary>
    public const int LaneHolds = 16;

    /// <summary>
    /// A row in its lane, whole (<see cref="Item"/>) or by its id alone; <see cref="Done"/> when someone waits for it
    /// (a dispatch, not a click), <see cref="Fresh"/> when the save that wrote it is kept until its rows are sent.
    /// </summary>
    private sealed record Work(
        long Id,
        OutboxItem? Item,
        DateTimeOffset LeaseUntil,
        TaskCompletionSource? Done,
        FreshDeliveries.Kept? Fresh = null);

    /// <summary>
    /// Claims up to <paramref name="limit"/> due rows and returns when each has been dealt with; how many it claimed.
    /// </summary>
    public async Task<int> DispatchAsync(int limit, CancellationToken ct)
        => (await DispatchAsync(limit, Timeout.InfiniteTimeSpan, ct)).Claimed;

    /// <remarks>
    /// A row claimed here may wait behind a long lane (a person told of every click on many deliveries, whom Teams
    /// lets the bot write to twice a second): the periodic pass that claimed it returns anyway once its patience is
    /// spent, so the pass (and the lock it holds across instances) does not wait for that lane to drain while other
    /// people's retries fall due. The rows left waiting stay claimed (renewed before each claim here, and on a timer).
    /// </remarks>
    public async Task<DispatchPass> DispatchAsync(int limit, TimeSpan patience, CancellationToken ct)
    {
        var (claimed, done) = await ClaimAsync(limit, ct);
        try
        {
            await Task.WhenAll(done).WaitAsync(patience, clock, ct);
            return new DispatchPass(claimed, Settled: true);
        }
        catch (TimeoutException)
        {
            return new DispatchPass(claimed, Settled: false);
        }
    }

    public Task<int> RecoverAsync(CancellationToken ct) => outbox.ReleaseLeasesAsync(sender.Name, ct);

    /// <summary>
    /// Rows written in this process are written already claimed in its name, for as long as a claim lasts.
    /// </summary>
    public OutboxLease? LeaseFor(DateTimeOffset now) => _handingBack ? null : new(sender.Name, now + Lease);

    public async Task<int> HandBackAsync(TimeSpan grace, CancellationToken ct)
    {
        _handingBack = true;
        // each lane stops after its current send; what waited behind it stays claimed and is released below
        // physical time, like the connector's timeouts: a test's business clock may stand still
        await WhenIdleAsync().WaitAsync(grace, TimeProvider.System, ct)
            .ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        Dispose();
        return await outbox.ReleaseLeasesAsync(sender.Name, ct);
    }

    /// <summary>
    /// Rows were written in this process: those written under its lease go to their lanes at once; otherwise due rows
    /// are claimed now. Neither waits for the sends.
    /// </summary>
    public void MessagesWritten(Delivery? saved = null, IReadOnlyList<OutboxItem>? taken = null)
    {
        var now = clock.GetUtcNow();
        if (taken is not null)
        {
            // the save in hand serves its own rows and is forgotten once the last is sent; with none, nothing needs it
            var fresh = saved is not null && taken.Count > 0 ? _fresh.Keep(saved, now, sends: taken.Count) : null;
            // the lease began as the save did: a moment ago
            Queue(taken, now + Lease - TimeSpan.FromSeconds(1), waited: false, fresh);
            return;
        }
        if (saved is not null) _fresh.Keep(saved, now);
        Volatile.Write(ref _wakeRequested, 1);
        if (Interlocked.CompareExchange(ref _pumping, 1, 0) != 0) return;
        Busy(+1);
        _ = Task.Run(PumpAsync);
    }

    /// <summary>
    /// Completes when nothing is being claimed or sent in this process: every message written here so far and due now
    /// has been dealt with (sent, given up, or put back for a retry). Tests and a graceful stop await it.
    /// </summary>
    public Task WhenIdleAsync()
    {
        lock (_gate) return _idle.Task;
    }

    private void Busy(int change)
    {
        TaskCompletionSource? idle = null;
        lock (_gate)
        {
            if (_busy == 0 && change > 0)
                _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _busy += change;
            if (_busy == 0) idle = _idle;
        }
        idle?.TrySetResult();
    }

    private static TaskCompletionSource Idle()
    {
        var idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        idle.SetResult();
        return idle;
    }

    private async Task PumpAsync()
    {
        try
        {
            while (Interlocked.Exchange(ref _wakeRequested, 0) == 1 && !_stopping.IsCancellationRequested)
                await ClaimAsync(WakeBatch, _stopping.Token);
        }
        catch (Exception e) when (!_stopping.IsCancellationRequested)
        {
            ClaimFailed(e); // the periodic drain claims them instead
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            Volatile.Write(ref _pumping, 0);
            // A wake that arrived after the last claim and before the flag above was cleared would otherwise wait for
            // the drain.
            if (Volatile.Read(ref _wakeRequested) == 1 && !_stopping.IsCancellationRequested) MessagesWritten();
            Busy(-1);
        }
    }

    private async Task<(int Claimed, List<Task> Done)> ClaimAsync(int limit, CancellationToken ct)
    {
        if (_handingBack) return (0, []);
        var now = clock.GetUtcNow();
        await RenewWaitingAsync(now, ct);
        var claimed = await outbox.ClaimDueAsync(now, leaseUntil: now + Lease, limit, owner: sender.Name, ct);
        return (claimed.Count, Queue(claimed, now + Lease, waited: true));
    }

    /// <summary>
    /// Keeps the rows waiting in the lanes here claimed, at most once a quarter of a lease: before a claim, which would
    /// otherwise take back each whose lease had lapsed (a chat Teams holds back can keep rows waiting for minutes, and
    /// every pass claimed them again, a write and an attempt counted for each, so one that then failed waited up to an
    /// hour for its retry), and every quarter of a lease on a timer, since the periodic pass that claimed them may then
    /// run on another instance, which would claim them too and write to their chat beside this one's lane.
    /// </summary>
    private async Task RenewWaitingAsync(DateTimeOffset now, CancellationToken ct)
    {
        long[] waiting;
        lock (_gate)
        {
            if (_queued.Count == 0 || now < _renewedAt + Lease / 4) return;
            _renewedAt = now;
            waiting = [.. _queued];
        }
        await outbox.RenewLeasesAsync(waiting, sender.Name, now + Lease, ct);
    }

    /// <summary>
    /// Puts claimed rows in their lanes (a lane not running is started); when <paramref name="waited"/>, a task per
    /// row, done when it has been dealt with.
    /// </summary>
    /// <remarks>
    /// A lane is started here, once the lock is released: its first send (after a click's save, the status card
    /// drawn again and its call begun) runs on this thread up to the call, never inside the lock every other lane,
    /// claim and finished send waits on. Handing the lane to the thread pool instead, so the click is answered
    /// first, measured no better: a worker woken for every click (in one run 2 % more CPU a click, p99 19.1 against
    /// 15.7 ms at 40 clicks a second on one core).
    /// </remarks>
    private List<Task> Queue(
        IReadOnlyList<OutboxItem> claimed, DateTimeOffset leaseUntil, bool waited, FreshDeliveries.Kept? fresh = null)
    {
        // a click's rows are sent with nobody waiting for them: no task each, for nothing
        var done = waited ? new List<Task>(claimed.Count) : [];
        List<string>? started = null;
        var notKept = 0; // rows that will not draw on the save kept for them
        lock (_gate)
        {
            if (_renewal is null && claimed.Count > 0 && _disposed == 0)
                _renewal = clock.CreateTimer(
                    static self => ((OutboxDispatcher)self!).RenewOnTimer(), this, Lease / 4, Lease / 4);
            foreach (var item in claimed)
            {
                // claimed again while it waited in its lane here: it is sent once, from there
                if (!_queued.Add(item.Id))
                {
                    notKept++;
                    continue;
                }
                var signal = waited
                    ? new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
                    : null;
                if (signal is not null) done.Add(signal.Task);
                if (_lanes.TryGetValue(item.Message.RecipientKey, out var lane))
                {
                    var whole = lane.Count < LaneHolds;
                    if (!whole) notKept++;
                    lane.Enqueue(whole
                        ? new Work(item.Id, item, leaseUntil, signal, fresh)
                        : new Work(item.Id, Item: null, leaseUntil, signal));
                }
                else
                {
                    _lanes[item.Message.RecipientKey] =
                        new Queue<Work>([new Work(item.Id, item, leaseUntil, signal, fresh)]);
                    if (_busy++ == 0)
                        _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    (started ??= []).Add(item.Message.RecipientKey);
                }
            }
        }
        if (fresh is not null) _fresh.Sent(fresh, notKept);
        foreach (var lane in started ?? []) _ = RunLaneAsync(lane);
        return done;
    }

    private async Task RunLaneAsync(string lane)
    {
        var slot = false;
        // A lane started from a click's save would otherwise send inside the click's span; each send is its own trace,
        // linked to the change that wrote it.
        Activity.Current = null;
        try
        {
            await _slots.WaitAsync(_stopping.Token);
            slot = true;
            while (Next(lane) is { } work)
            {
                try
                {
                    await SendAsync(work, _stopping.Token);
                }
                catch (Exception e) when (!_stopping.IsCancellationRequested)
                {
                    // its lease lapses and it is claimed again
                    SendCrashed(e, work.Item?.Message.IdempotencyKey ?? $"#{work.Id}");
                }
                finally
                {
                    Finish(work);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: what is left keeps its row and goes after the restart (the lease is released at start).
            while (Next(lane) is { } left) Finish(left);
        }
        finally
        {
            if (slot) _slots.Release();
            Busy(-1);
        }
    }

    private Work? Next(string lane)
    {
        lock (_gate)
        {
            if (_handingBack)
            {
                // handed back: the row keeps its claim until the release, and is sent by whoever claims it next
                foreach (var left in _lanes[lane])
                {
                    _queued.Remove(left.Id);
                    Dealt(left);
                }
                _lanes[lane].Clear();
            }
            if (_lanes[lane].TryDequeue(out var work)) return work;
            _lanes.Remove(lane);
            return null;
        }
    }

    private void RenewOnTimer()
    {
        // nothing at work here, the usual case: no task, no statement
        if (Volatile.Read(ref _disposed) == 0 && Volatile.Read(ref _busy) > 0) _ = RenewOnTimerAsync();
    }

    private async Task RenewOnTimerAsync()
    {
        try
        {
            await RenewWaitingAsync(clock.GetUtcNow(), _stopping.Token);
        }
        catch (Exception e)
        {
            if (!_stopping.IsCancellationRequested) RenewFailed(e); // the next tick, or the next claim, tries again
        }
    }

    private void Finish(Work work)
    {
        lock (_gate) _queued.Remove(work.Id);
        Dealt(work);
    }

    /// <summary>
    /// A row dealt with here, sent or not: whoever waits for it is told, and its save need not be kept for it.
    /// </summary>
    private void Dealt(Work work)
    {
        if (work.Fresh is { } fresh) _fresh.Sent(fresh);
        work.Done?.TrySetResult();
    }

    /// <summary>The saves kept for the messages that follow them (a test's view).</summary>
    internal int KeptDeliveries => _fresh.Count;

    private async Task SendAsync(Work waiting, CancellationToken ct)
    {
        // a row kept by its id alone is read back as it is now: sent, given up or changed meanwhile, it is left be
        if (await WholeAsync(waiting, ct) is not { Item: { } item } work) return;
        using var span = StartSend(item);
        using var scope = span is null || item.Message.DeliveryId is not { } key
            ? null
            : logger.BeginScope(new DeliveryScope(DeliveryKey.IdOf(key)));
        var result = await SendTracedAsync(work, item, ct);
        if (span is { IsAllDataRequested: true }) span.SetTag("deliverybot.outbox.result", result);
        if (result is GivenUp or Retry) span?.SetStatus(ActivityStatusCode.Error, result);
        if (DeliveryTelemetry.OutboxSends.Enabled)
            DeliveryTelemetry.OutboxSends.Add(
                1,
                new KeyValuePair<string, object?>("deliverybot.outbox.kind", item.Message.Kind),
                new KeyValuePair<string, object?>("deliverybot.outbox.result", result));
    }

    /// <summary>The row whole: as kept, or read back by its id; null when there is nothing left to send.</summary>
    private async ValueTask<Work?> WholeAsync(Work work, CancellationToken ct)
        => work.Item is not null ? work
            : await outbox.FindAsync(work.Id, ct) is { State: OutboxState.Pending } item ? work with { Item = item }
            : null;

    /// <summary>
    /// The span of one row's send: a trace of its own, linked to the one that wrote the row (its stored traceparent).
    /// </summary>
    private static Activity? StartSend(OutboxItem item)
    {
        if (!DeliveryTelemetry.Source.HasListeners()) return null;
        ActivityLink[]? cause = item.Message.TraceParent is { } parent
            && ActivityContext.TryParse(parent, traceState: null, out var written)
                ? [new ActivityLink(written)]
                : null;
        var span = DeliveryTelemetry.Source.StartActivity(
            "outbox.send", ActivityKind.Producer, parentContext: default, tags: null, links: cause);
        if (span is not { IsAllDataRequested: true }) return span;
        span.SetTag("deliverybot.outbox.kind", item.Message.Kind);
        span.SetTag("deliverybot.outbox.attempt", item.Attempts);
        if (item.Message.DeliveryId is { } key) span.SetTag("deliverybot.delivery.id", DeliveryKey.IdOf(key));
        return span;
    }

    /// <summary>
    /// Sends one row; what became of it (sent, skipped, retry, given_up, lost_lease, client_message), as a tag value.
    /// </summary>
    private async Task<string> SendTracedAsync(Work work, OutboxItem item, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // Until half the lease has passed no other sender can have taken the row; after that, make sure it is still
        // ours.
        if (now >= work.LeaseUntil - Lease / 2
            && !await outbox.RenewLeaseAsync(item.Id, sender.Name, now + Lease, ct)) return "lost_lease";
        if (OutboxKinds.Read(item.Message) is not { } message)
        {
            await GiveUpAsync(item, $"not a {item.Message.Kind} message this bot can read", ct);
            return GivenUp;
        }
        if ((_fresh.Find(message, now) ?? await store.FindAsync(message.DeliveryId, ct)) is not { } delivery)
        {
            await GiveUpAsync(item, $"there is no delivery {message.DeliveryId}", ct);
            return GivenUp;
        }
        if (message is CardRedraw) return await RedrawAsync(item, delivery, ct);
        if (message is ClientMessage client)
        {
            // sent at most once, and how it went is written to the record: see ClientMessageSender
            if (clientMessages is null)
            {
                await GiveUpAsync(item, "client messages are not sent from here", ct);
                return GivenUp;
            }
            await clientMessages.SendAsync(item, client, delivery, ct);
            return "client_message";
        }
        var result = await channel.SendAsync(message, delivery, ct);
        switch (result.Status)
        {
            case MessageStatus.Sent or MessageStatus.Skipped:
                // first thing: keeps the window a crash can duplicate in small
                await outbox.MarkSentAsync(item.Id, clock.GetUtcNow(), ct);
                // 1:1 chats
                var wrote = result.Posted is { } posted && await living.RememberAsync(posted, tellMoved: false, ct);
                if (result.Status == MessageStatus.Sent) wrote |= await channel.AfterSentAsync(message, delivery, ct);
                if (wrote) MessagesWritten();
                if (result.Status == MessageStatus.Skipped) return "skipped";
                if (message is ReminderMessage { FellDueAt: { } due } && DeliveryTelemetry.ReminderLag.Enabled)
                    DeliveryTelemetry.ReminderLag.Record((clock.GetUtcNow() - due).TotalSeconds);
                return "sent";
            case MessageStatus.Unreachable or MessageStatus.Rejected:
                await GiveUpAsync(item, result.Reason!, ct);
                // Someone Teams refuses, or a stakeholder known by email only (not in Teams), is told to the DM at
                // once, through the outbox too; a notice that cannot reach the DM is not told in turn.
                if (message is not Notice
                    && message.Addressee is { } person
                    && (result.Status == MessageStatus.Unreachable || person.ObjectId is null)
                    && await unreachable.TellAsync(delivery, person, what: message.About, reason: result.Reason, ct))
                    MessagesWritten();
                return GivenUp;
            default:
                await RetryAsync(item, result.Reason!, ct);
                return Retry;
        }
    }

    private const string GivenUp = "given_up";
    private const string Retry = "retry";



    /// <summary>
    /// Every living posted card of the delivery, each in its own chat at once; the row is done when each is.
    /// </summary>
    private async Task<string> RedrawAsync(OutboxItem item, Delivery delivery, CancellationToken ct)
    {
        var posted = await conversations.PostedCardsAsync(delivery.Key, ct);
        // a loop, not LINQ: a redraw follows every click, and most deliveries have one living card (the status card)
        var redraws = new List<Task<string?>>(posted.Count);
        foreach (var card in posted)
            if (!card.Final) redraws.Add(RedrawAsync(card, delivery, ct));
        if (redraws.Count > 1) await Task.WhenAll(redraws); // each in its own chat at once, every failure observed
        var (failed, firstReason) = (0, (string?)null);
        foreach (var redraw in redraws)
            if (await redraw is { } reason)
            {
                failed++;
                firstReason ??= reason;
            }
        if (failed == 0)
        {
            await outbox.MarkSentAsync(item.Id, clock.GetUtcNow(), ct);
            return "sent";
        }
        await RetryAsync(item, $"{failed} of {redraws.Count} cards not updated: {firstReason}", ct);
        return Retry;
    }

    /// <summary>
    /// Null when the card is as it should be (updated, unchanged, or gone and forgotten); else why not.
    /// </summary>
    /// <remarks>
    /// What each card was last drawn as is kept here (<see cref="DrawnCards"/>) rather than written on every update: a
    /// restarted or another instance updates a card once more than needed, which costs less than a write per update.
    /// Only a card's final state is written, so it is left alone by every instance from then on.
    /// </remarks>
    private async Task<string?> RedrawAsync(PostedCard posted, Delivery delivery, CancellationToken ct)
    {
        var result = await channel.RedrawAsync(_drawnCards.Recall(posted), delivery, ct);
        switch (result.Status)
        {
            case MessageStatus.Sent:
                if (result.Posted is not { } drawn) return null;
                _drawnCards.Remember(drawn);
                if (drawn.Final) await conversations.SavePostedCardAsync(drawn, ct);
                return null;
            case MessageStatus.Skipped:
                return null;
            case MessageStatus.Unreachable or MessageStatus.Rejected:
                // deleted, the bot removed from the chat, or a card no longer drawn
                await conversations.ForgetPostedCardAsync(posted, ct);
                return null;
            default:
                return result.Reason;
        }
    }

    private async Task RetryAsync(OutboxItem item, string reason, CancellationToken ct)
    {
        // 30 s, 1, 2, 4 ... minutes, at most an hour: Teams' own retries already ran inside the connector.
        var wait = TimeSpan.FromSeconds(Math.Min(3600, 30 * Math.Pow(2, Math.Min(item.Attempts, 7))));
        await outbox.MarkFailedAsync(item.Id, reason, clock.GetUtcNow() + wait, ct);
        NotSent(item.Message.Kind, item.Message.IdempotencyKey, reason, wait);
    }

    private async Task GiveUpAsync(OutboxItem item, string reason, CancellationToken ct)
    {
        await outbox.MarkFailedAsync(item.Id, reason, retryAt: null, ct);
        GaveUp(item.Message.Kind, item.Message.IdempotencyKey, reason);
    }

    /// <summary>
    /// Stops the lanes (disposed once per registration it is resolved through, so it must bear being called again).
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _stopping.Cancel();
        lock (_gate) _renewal?.Dispose();
    }

    [LoggerMessage(EventId = 3200, Level = LogLevel.Warning,
        Message = "Outbox {Kind} {Key} not sent ({Reason}); retrying in {Wait}")]
    private partial void NotSent(string kind, string key, string reason, TimeSpan wait);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Error, Message = "Outbox {Kind} {Key} given up: {Reason}")]
    private partial void GaveUp(string kind, string key, string reason);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Error,
        Message = "Sending outbox message {Key} failed unexpectedly; it will be claimed again")]
    private partial void SendCrashed(Exception e, string key);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Warning,
        Message = "Renewing the claims of outbox messages waiting to be sent failed; retrying at the next tick")]
    private partial void RenewFailed(Exception e);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Warning,
        Message = "Claiming outbox messages after a save failed; the periodic drain will send them")]
    private partial void ClaimFailed(Exception e);
}
