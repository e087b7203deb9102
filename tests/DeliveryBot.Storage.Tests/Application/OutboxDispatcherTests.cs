using System.Collections.Concurrent;
using DeliveryBot.Application.Messages;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Storage.Sql;
using DeliveryBot.Storage.Sqlite;
using DeliveryBot.Storage.Tests.Contract;
using DeliveryBot.TestKit;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Storage.Tests.Application;

/// <summary>
/// The one dispatcher, on a real SQLite outbox and a channel the test answers for: lanes, leases, outcomes.
/// </summary>
public sealed class OutboxDispatcherTests : IAsyncLifetime
{
    private readonly SqliteFile _file = new();
    private readonly ManualClock _clock = new(Scenario.Start);
    private readonly Channel _channel = new();
    private SqlOutbox _outbox = null!;
    private SqlConversationStore _conversations = null!;
    private OutboxDispatcher _dispatcher = null!;
    private int _keys;

    private SqlDeliveryStore _store = null!;

    public async Task InitializeAsync()
    {
        var database = new Database(new SqliteDialect($"Data Source={_file.Path}", _file.Directory));
        await new Migrator(database, _clock).MigrateAsync(CancellationToken.None);
        _store = new SqlDeliveryStore(database);
        await _store.SaveAsync(Scenario.Opened().Planned().Delivery, 0, Scenario.Start);
        _outbox = new SqlOutbox(database);
        _conversations = new SqlConversationStore(database);
        _dispatcher = DispatcherOn(_clock);
    }

    private OutboxDispatcher DispatcherOn(TimeProvider clock, IOutbox? outbox = null) => new(
        outbox ?? _outbox,
        _store,
        _conversations,
        living: new LivingCards(_conversations, _outbox, clock),
        _channel,
        unreachable: new UnreachableNotice(_outbox, clock),
        sender: new SenderIdentity("test"),
        clock,
        logger: NullLogger<OutboxDispatcher>.Instance);

    /// <summary>A clock with timers, moved by hand, that says when a timer was set on it (by its delay).</summary>
    private sealed class TimedClock(DateTimeOffset start) : FakeTimeProvider(start)
    {
        private readonly ConcurrentDictionary<TimeSpan, TaskCompletionSource> _set = new();

        public Task TimerSet(TimeSpan dueTime) => Signal(dueTime).Task;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            Signal(dueTime).TrySetResult();
            return timer;
        }

        private TaskCompletionSource Signal(TimeSpan dueTime)
            => _set.GetOrAdd(
                dueTime, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }

    /// <summary>The outbox, telling the test each time the claims of the rows waiting in lanes were renewed.</summary>
    private sealed class RenewalsTold(IOutbox outbox) : IOutbox
    {
        private readonly System.Threading.Channels.Channel<int> _renewed =
            System.Threading.Channels.Channel.CreateUnbounded<int>();

        /// <summary>The next renewal's count of rows renewed.</summary>
        public ValueTask<int> NextAsync() => _renewed.Reader.ReadAsync();

        public async Task<int> RenewLeasesAsync(
            IReadOnlyList<long> ids, string owner, DateTimeOffset leaseUntil, CancellationToken ct = default)
        {
            var renewed = await outbox.RenewLeasesAsync(ids, owner, leaseUntil, ct);
            _renewed.Writer.TryWrite(renewed);
            return renewed;
        }

        public Task<bool> EnqueueAsync(OutboxMessage message, CancellationToken ct = default)
            => outbox.EnqueueAsync(message, ct);

        public Task<IReadOnlyList<OutboxItem>> ClaimDueAsync(
            DateTimeOffset now, DateTimeOffset leaseUntil, int limit, string owner, CancellationToken ct = default)
            => outbox.ClaimDueAsync(now, leaseUntil, limit, owner, ct);

        public Task<bool> RenewLeaseAsync(
            long id, string owner, DateTimeOffset leaseUntil, CancellationToken ct = default)
            => outbox.RenewLeaseAsync(id, owner, leaseUntil, ct);

        public Task<int> ReleaseLeasesAsync(string owner, CancellationToken ct = default)
            => outbox.ReleaseLeasesAsync(owner, ct);

        public Task MarkSentAsync(long id, DateTimeOffset at, CancellationToken ct = default)
            => outbox.MarkSentAsync(id, at, ct);

        public Task MarkFailedAsync(long id, string reason, DateTimeOffset? retryAt, CancellationToken ct = default)
            => outbox.MarkFailedAsync(id, reason, retryAt, ct);

        public Task<OutboxItem?> FindAsync(long id, CancellationToken ct = default) => outbox.FindAsync(id, ct);

        public Task<IReadOnlyList<OutboxItem>> ForDeliveryAsync(string deliveryId, CancellationToken ct = default)
            => outbox.ForDeliveryAsync(deliveryId, ct);

        public Task<OutboxPruning> PruneSentAsync(
            long after, DateTimeOffset sentBefore, int batch, CancellationToken ct = default)
            => outbox.PruneSentAsync(after, sentBefore, batch, ct);
    }

    /// <summary>The channel: sends at once unless told to hold someone's messages or answer otherwise.</summary>
    private sealed class Channel : IMessageChannel
    {
        public ConcurrentQueue<(Person To, string Text)> Said { get; } = new();
        public ConcurrentQueue<Delivery> DrawnFrom { get; } = new();
        public ConcurrentDictionary<string, TaskCompletionSource> Held { get; } = new();
        public Func<Person, SendOutcome> Answer { get; set; } = _ => SendOutcome.Sent();

        /// <summary>A send to one of these people blocks its thread (as drawing a card does) until it is set.</summary>
        public ConcurrentDictionary<string, ManualResetEventSlim> Busy { get; } = new();
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _sent = new();

        private readonly ConcurrentDictionary<string, TaskCompletionSource> _entered = new();

        /// <summary>
        /// Completes when a message to this person is being said (it may then wait while they are held).
        /// </summary>
        public Task Entered(Person to) => _entered
            .GetOrAdd(to.Key, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously))
            .Task;

        /// <summary>Completes when a message to this person has been said.</summary>
        public Task Sent(Person to) => _sent
            .GetOrAdd(to.Key, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously))
            .Task;

        public async Task<SendOutcome> SendAsync(OutgoingMessage message, Delivery delivery, CancellationToken ct)
        {
            var to = message.Addressee!;
            DrawnFrom.Enqueue(delivery);
            var text = message is Notice notice ? notice.Markdown : message.About;
            _entered
                .GetOrAdd(to.Key, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously))
                .TrySetResult();
            if (Busy.TryGetValue(to.Key, out var busy)) busy.Wait(ct);
            if (Held.TryGetValue(to.Key, out var hold)) await hold.Task;
            var answer = Answer(to);
            if (answer.Status != MessageStatus.Sent) return answer;
            Said.Enqueue((to, text));
            _sent
                .GetOrAdd(to.Key, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously))
                .TrySetResult();
            return answer;
        }

        public Task<bool> AfterSentAsync(OutgoingMessage message, Delivery delivery, CancellationToken ct)
            => Task.FromResult(false);

        /// <summary>How each card's redraw goes, by its conversation; every card asked for, in order.</summary>
        public Func<PostedCard, SendOutcome> Redrawn { get; set; } = _ => SendOutcome.Skipped("unchanged");
        public ConcurrentQueue<string> RedrawnIn { get; } = new();

        public Task<SendOutcome> RedrawAsync(PostedCard card, Delivery delivery, CancellationToken ct)
        {
            RedrawnIn.Enqueue(card.ConversationId);
            return Task.FromResult(Redrawn(card));
        }
    }

    private Task<bool> WriteAsync(Person to, string text)
        => _outbox.EnqueueAsync(
            new Notice("D1", text, to).ToOutbox($"n{Interlocked.Increment(ref _keys)}", _clock.GetUtcNow()));

    private async Task<IReadOnlyList<OutboxItem>> RowsAsync() => await _outbox.ForDeliveryAsync("D1");

    [Fact]
    public async Task A_chat_that_holds_its_messages_holds_up_only_its_own_lane()
    {
        _channel.Held[Pablo.Key] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await WriteAsync(Pablo, "first for Pablo");
        await WriteAsync(Pablo, "second for Pablo");
        await WriteAsync(Diego, "for Diego");

        var dispatched = _dispatcher.DispatchAsync(10, CancellationToken.None);
        await _channel.Sent(Diego).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.DoesNotContain(_channel.Said, n => n.To.IsSameAs(Pablo)); // Diego's went while Pablo's chat held
        _channel.Held[Pablo.Key].SetResult();
        Assert.Equal(3, await dispatched);
        // in order
        Assert.Equal(
            ["first for Pablo", "second for Pablo"],
            _channel.Said.Where(n => n.To.IsSameAs(Pablo)).Select(n => n.Text));
        Assert.All(await RowsAsync(), r => Assert.Equal(OutboxState.Sent, r.State));
    }

    [Fact]
    public async Task A_send_that_holds_its_thread_holds_up_no_other_saves_rows()
    {
        using var busy = new ManualResetEventSlim();
        _channel.Busy[Pablo.Key] = busy;
        await WriteAsync(Pablo, "your turn, Pablo");
        var pablos = await TakeAsync();
        await WriteAsync(Diego, "your turn, Diego");
        var diegos = await TakeAsync();

        // as a click's save does: the rows it wrote under its lease go to their lanes, the first send on its thread
        var first = Task.Run(() => _dispatcher.MessagesWritten(taken: pablos));
        await _channel.Entered(Pablo).WaitAsync(TimeSpan.FromSeconds(30));
        _ = Task.Run(() => _dispatcher.MessagesWritten(taken: diegos));

        // Pablo's send holds its thread; another save's rows go out all the same
        var diegoSent = await Task.WhenAny(_channel.Sent(Diego), Task.Delay(TimeSpan.FromSeconds(30)));
        busy.Set();
        Assert.True(diegoSent == _channel.Sent(Diego),
            "Diego's row waited for Pablo's send: the lane ran inside the dispatcher's lock");
        await first;
        await _dispatcher.WhenIdleAsync();
        Assert.Equal(["your turn, Diego", "your turn, Pablo"], _channel.Said.Select(n => n.Text));
    }

    [Fact]
    public async Task A_saves_own_rows_are_drawn_from_it_and_it_is_kept_only_until_they_are_sent()
    {
        var saved = Scenario.Opened().Planned().Delivery; // as stored, but not the copy a load would parse
        _channel.Held[Pablo.Key] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await WriteAsync(Pablo, "your turn, Pablo");
        await WriteAsync(Diego, "your turn, Diego");

        _dispatcher.MessagesWritten(saved, await TakeAsync());
        await _channel.Sent(Diego).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, _dispatcher.KeptDeliveries); // Pablo's row is still to go

        _channel.Held[Pablo.Key].SetResult();
        await _dispatcher.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, _dispatcher.KeptDeliveries);
        Assert.Equal(2, _channel.DrawnFrom.Count);
        Assert.All(_channel.DrawnFrom, d => Assert.Same(saved.State, d.State));
    }

    [Fact]
    public async Task A_lane_keeps_its_first_rows_whole_and_reads_those_behind_back_in_order_when_their_turn_comes()
    {
        var saved = Scenario.Opened().Planned().Delivery;
        _channel.Held[Pablo.Key] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var texts = Enumerable.Range(1, OutboxDispatcher.LaneHolds + 5).Select(n => $"note {n}").ToList();
        foreach (var text in texts) await WriteAsync(Pablo, text);
        var taken = await _outbox.ClaimDueAsync(
            _clock.GetUtcNow(), _clock.GetUtcNow().AddMinutes(5), 100, owner: "test", CancellationToken.None);

        _dispatcher.MessagesWritten(saved, taken);
        await _channel.Entered(Pablo).WaitAsync(TimeSpan.FromSeconds(30)); // the first is being said
        // the last, kept by its id alone, is sent by someone else meanwhile: read back, it is left be
        await _outbox.MarkSentAsync(taken[^1].Id, _clock.GetUtcNow());
        _channel.Held[Pablo.Key].SetResult();
        await _dispatcher.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(texts[..^1], _channel.Said.Select(n => n.Text));
        Assert.All(await RowsAsync(), r => Assert.Equal(OutboxState.Sent, r.State));
        Assert.Equal(0, _dispatcher.KeptDeliveries);
    }

    [Fact]
    public async Task Rows_waiting_behind_a_held_chat_stay_claimed_so_a_pass_claims_other_peoples_instead()
    {
        _channel.Held[Pablo.Key] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        foreach (var n in new[] { 1, 2, 3 }) await WriteAsync(Pablo, $"note {n}");
        var now = _clock.GetUtcNow();
        // as a save writes them: claimed in the dispatcher's name for a lease
        _dispatcher.MessagesWritten(taken: await _outbox.ClaimDueAsync(
            now, now + OutboxDispatcher.Lease, 10, owner: "test", CancellationToken.None));
        await _channel.Entered(Pablo).WaitAsync(TimeSpan.FromSeconds(30));

        _clock.Advance(OutboxDispatcher.Lease + TimeSpan.FromSeconds(1)); // their claims would have lapsed
        await WriteAsync(Diego, "for Diego");
        // a pass of one: Pablo's rows, the oldest due, are still claimed, so it is Diego's it takes and sends
        Assert.Equal(1, await _dispatcher.DispatchAsync(1, CancellationToken.None));
        Assert.Equal(["for Diego"], _channel.Said.Select(n => n.Text));

        _channel.Held[Pablo.Key].SetResult();
        await _dispatcher.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var rows = await RowsAsync();
        Assert.All(rows, r => Assert.Equal(OutboxState.Sent, r.State));
        // claimed once each, not again by the pass
        Assert.All(rows, r => Assert.Equal(1, r.Attempts));
    }

    [Fact]
    public async Task A_pass_waits_its_patience_for_a_held_chat_and_its_rows_left_waiting_stay_claimed_and_go_in_turn()
    {
        var time = new TimedClock(Scenario.Start);
        using var dispatcher = DispatcherOn(time);
        _channel.Held[Pablo.Key] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        foreach (var n in new[] { 1, 2, 3 }) await WriteAsync(Pablo, $"note {n}");
        await WriteAsync(Diego, "for Diego");

        var pass = dispatcher.DispatchAsync(10, TimeSpan.FromSeconds(10), CancellationToken.None);
        await _channel.Sent(Diego).WaitAsync(TimeSpan.FromSeconds(30));
        await Within(
            time.TimerSet(TimeSpan.FromSeconds(10)), "Diego's note went, but the pass set no timer for its patience");
        Assert.False(pass.IsCompleted); // Pablo's chat holds his first note, and the others behind it
        time.Advance(TimeSpan.FromSeconds(10));

        await Within(pass, "its patience spent, the pass still waits for Pablo's held chat");
        Assert.Equal(new DispatchPass(4, Settled: false), await pass);
        // past the claims' lease: the next pass renews Pablo's rows before it claims, so it takes only what is new
        time.Advance(OutboxDispatcher.Lease);
        await WriteAsync(Diego, "again for Diego");
        Assert.Equal(
            new DispatchPass(1, Settled: true),
            await dispatcher.DispatchAsync(10, TimeSpan.FromSeconds(10), CancellationToken.None)
                .WaitAsync(TimeSpan.FromSeconds(30)));

        _channel.Held[Pablo.Key].SetResult();
        await dispatcher.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(
            ["for Diego", "again for Diego", "note 1", "note 2", "note 3"],
            _channel.Said.Select(n => n.Text));
        var rows = await RowsAsync();
        Assert.All(rows, r => Assert.Equal(OutboxState.Sent, r.State));
        Assert.All(rows, r => Assert.Equal(1, r.Attempts)); // each claimed once
    }

    [Fact]
    public async Task Rows_waiting_behind_a_held_chat_keep_their_claims_while_nothing_is_claimed_here()
    {
        var time = new TimedClock(Scenario.Start);
        var outbox = new RenewalsTold(_outbox);
        using var dispatcher = DispatcherOn(time, outbox);
        _channel.Held[Pablo.Key] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        foreach (var n in new[] { 1, 2, 3 }) await WriteAsync(Pablo, $"note {n}");
        // as a save writes them: claimed in the dispatcher's name for a lease
        var start = time.GetUtcNow();
        dispatcher.MessagesWritten(taken: await _outbox.ClaimDueAsync(
            start, start + OutboxDispatcher.Lease, 10, owner: "test", CancellationToken.None));
        await Within(_channel.Entered(Pablo), "Pablo's first note was not taken to his chat");
        await Within(time.TimerSet(OutboxDispatcher.Lease / 4), "nothing set a timer to renew the waiting rows");

        // two leases with no claim here (the periodic pass running on another instance): renewed every quarter
        for (var tick = 1; tick <= 8; tick++)
        {
            time.Advance(OutboxDispatcher.Lease / 4);
            var renewed = outbox.NextAsync().AsTask();
            await Within(renewed, $"the waiting rows' claims were not renewed at tick {tick}");
            Assert.Equal(3, await renewed); // all three each time: the one being said and the two behind it
        }

        // another instance's pass finds them claimed
        Assert.Empty(await _outbox.ClaimDueAsync(
            time.GetUtcNow(), time.GetUtcNow() + OutboxDispatcher.Lease, 10, owner: "other", CancellationToken.None));
        _channel.Held[Pablo.Key].SetResult();
        await Within(dispatcher.WhenIdleAsync(), "Pablo's notes were not all dealt with once his chat let go");
        Assert.Equal(["note 1", "note 2", "note 3"], _channel.Said.Select(n => n.Text));
        Assert.All(await RowsAsync(), r => Assert.Equal(OutboxState.Sent, r.State));
    }

    /// <summary>Waits for <paramref name="task"/>, failing with what had not happened after 30 s.</summary>
    private static async Task Within(Task task, string otherwise)
    {
        try
        {
            await task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"After 30 s: {otherwise}.");
        }
    }

    private Task<IReadOnlyList<OutboxItem>> TakeAsync() => _outbox.ClaimDueAsync(
        _clock.GetUtcNow(), _clock.GetUtcNow().AddMinutes(5), 10, owner: "test", CancellationToken.None);

    [Fact]
    public async Task Someone_teams_refuses_is_given_up_on_with_the_reason_and_the_dm_is_told_once()
    {
        _channel.Answer = to => to.IsSameAs(Pablo)
            ? SendOutcome.Unreachable("403 the user blocked the bot")
            : SendOutcome.Sent();
        var nudge = new ReminderMessage(
            DeliveryId: "D1",
            Kind: Domain.Policies.ReminderKind.GateNudge,
            Key: "nudge-1",
            Subject: "Can production deliver to this schedule?",
            Reference: null,
            Recipient: Pablo);
        await _outbox.EnqueueAsync(
            OutboxKinds.Row(nudge, "D1:nudge-1", OutboxKinds.PersonLane(Pablo), _clock.GetUtcNow()));

        await _dispatcher.DispatchAsync(10, CancellationToken.None);
        // the DM's notice was written by the dispatcher, which woke itself to send it
        await _dispatcher.WhenIdleAsync();

        var rows = await RowsAsync();
        var dead = Assert.Single(rows, r => r.State == OutboxState.Dead);
        Assert.Equal(("403 the user blocked the bot", 1), (dead.LastError, dead.Attempts));
        var told = Assert.Single(_channel.Said);
        Assert.Equal("Dana", told.To.DisplayName);
        Assert.Contains(
            "can't reach Pablo in Teams (403 the user blocked the bot), " +
            "so \"Can production deliver to this schedule?\"",
            told.Text,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_send_is_retried_after_a_backoff_and_then_sent()
    {
        var fail = true;
        _channel.Answer = _ => fail ? SendOutcome.Failed("503 Teams unavailable") : SendOutcome.Sent();
        await WriteAsync(Pablo, "for Pablo");

        await _dispatcher.DispatchAsync(10, CancellationToken.None);
        fail = false;
        // not due yet: it waits for its backoff
        Assert.Equal(0, await _dispatcher.DispatchAsync(10, CancellationToken.None));
        _clock.Advance(TimeSpan.FromSeconds(61)); // 30 s doubled per attempt
        Assert.Equal(1, await _dispatcher.DispatchAsync(10, CancellationToken.None));

        var row = Assert.Single(await RowsAsync());
        Assert.Equal((OutboxState.Sent, 2, "503 Teams unavailable"), (row.State, row.Attempts, row.LastError));
    }

    [Fact]
    public async Task A_redraw_asks_each_living_card_and_is_retried_with_why_while_one_is_not_updated()
    {
        foreach (var (chat, final) in new[] { ("c1", false), ("c2", false), ("c3", true) })
            await _conversations.SavePostedCardAsync(new PostedCard(
                "D1", "status", "", "https://smba.example/", chat, $"a-{chat}", "t1", _clock.GetUtcNow())
            {
                Final = final,
            });
        var busy = true;
        _channel.Redrawn = card => card.ConversationId == "c1" && busy
            ? SendOutcome.Failed("503 Teams unavailable")
            : SendOutcome.Skipped("unchanged");
        await _outbox.EnqueueAsync(
            OutboxKinds.Row(new CardRedraw("D1", 1), "D1:redraw:1", "delivery:D1", _clock.GetUtcNow()));

        await _dispatcher.DispatchAsync(10, CancellationToken.None);
        var waiting = Assert.Single(await RowsAsync());
        busy = false;
        _clock.Advance(TimeSpan.FromSeconds(61)); // 30 s doubled per attempt
        await _dispatcher.DispatchAsync(10, CancellationToken.None);

        // the card drawn in its final state is left alone; the other two are asked each time
        Assert.Equal(["c1", "c1", "c2", "c2"], _channel.RedrawnIn.Order());
        Assert.Equal(
            (OutboxState.Pending, "1 of 2 cards not updated: 503 Teams unavailable"),
            (waiting.State, waiting.LastError));
        Assert.Equal(OutboxState.Sent, Assert.Single(await RowsAsync()).State);
    }

    [Fact]
    public async Task A_row_claimed_again_while_it_waits_in_its_lane_is_sent_once()
    {
        _channel.Held[Pablo.Key] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await WriteAsync(Pablo, "for Pablo");
        var first = _dispatcher.DispatchAsync(10, CancellationToken.None);
        await _channel.Entered(Pablo).WaitAsync(TimeSpan.FromSeconds(30)); // claimed, and being sent

        // its claim is released while it waits (the lanes keep what waits claimed, so only a release loses it)
        await _outbox.ReleaseLeasesAsync("test");
        // claimed again: already in its lane here
        Assert.Equal(1, await _dispatcher.DispatchAsync(10, CancellationToken.None));
        _channel.Held[Pablo.Key].SetResult();
        await first;

        Assert.Single(_channel.Said);
        Assert.Equal(OutboxState.Sent, Assert.Single(await RowsAsync()).State);
    }

    public Task DisposeAsync()
    {
        _dispatcher.Dispose();
        _file.Delete();
        return Task.CompletedTask;
    }
}
