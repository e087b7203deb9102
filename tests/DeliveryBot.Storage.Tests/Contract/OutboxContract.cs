using DeliveryBot.Application.Storage;
using DeliveryBot.TestKit;

namespace DeliveryBot.Storage.Tests.Contract;

/// <summary>The outbox and conversation references, on every database.</summary>
public abstract class OutboxContract : StoreFixture
{
    private static readonly DateTimeOffset T0 = Scenario.Start;
    private const string Node = "node-a";

    private static OutboxMessage Message(string key, int dueInMinutes = 0, string? delivery = "D1")
        => new(key, delivery, "oid-pablo", "gate-nudge", $$"""{"text":"{{key}}"}""", T0.AddMinutes(dueInMinutes));

    [Fact]
    public async Task Enqueueing_the_same_key_twice_keeps_one_message()
    {
        Assert.True(await Outbox.EnqueueAsync(Message("nudge:1")));
        Assert.False(await Outbox.EnqueueAsync(Message("nudge:1") with { Payload = "changed" }));

        var item = Assert.Single(await Outbox.ForDeliveryAsync("D1"));
        Assert.Equal("""{"text":"nudge:1"}""", item.Message.Payload);
        Assert.Equal(OutboxState.Pending, item.State);
    }

    [Fact]
    public async Task A_message_keeps_the_trace_context_of_the_change_that_wrote_it_until_it_is_claimed()
    {
        const string Click = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        await Outbox.EnqueueAsync(Message("traced") with { TraceParent = Click });
        await Outbox.EnqueueAsync(Message("untraced") with { TraceParent = null });

        var claimed = await Outbox.ClaimDueAsync(T0, T0.AddSeconds(30), 10, Node);

        Assert.Equal(Click, claimed.Single(c => c.Message.IdempotencyKey == "traced").Message.TraceParent);
        Assert.Null(claimed.Single(c => c.Message.IdempotencyKey == "untraced").Message.TraceParent);
    }

    [Fact]
    public async Task The_backlog_counts_due_unsent_living_messages_and_dates_the_oldest()
    {
        var readings = new Sql.SqlOperationalReadings(Database);
        Assert.Equal(new OutboxBacklog(0, null), await readings.OutboxBacklogAsync(T0));
        await Outbox.EnqueueAsync(Message("old", -10));
        await Outbox.EnqueueAsync(Message("sent", -20));
        await Outbox.EnqueueAsync(Message("dead", -30));
        await Outbox.EnqueueAsync(Message("future", 10));
        var claimed = await Outbox.ClaimDueAsync(T0, T0.AddSeconds(30), 10, Node);
        await Outbox.MarkSentAsync(claimed.Single(c => c.Message.IdempotencyKey == "sent").Id, T0);
        await Outbox.MarkFailedAsync(claimed.Single(c => c.Message.IdempotencyKey == "dead").Id, "403", retryAt: null);

        var backlog = await readings.OutboxBacklogAsync(T0);

        Assert.Equal(new OutboxBacklog(1, T0.AddMinutes(-10)), backlog);
        Assert.Equal(TimeSpan.FromMinutes(10), backlog.OldestAge(T0));
    }

    [Fact]
    public async Task Only_due_messages_are_claimed_soonest_first()
    {
        await Outbox.EnqueueAsync(Message("later", 30));
        await Outbox.EnqueueAsync(Message("second", 5));
        await Outbox.EnqueueAsync(Message("first", 1));

        var claimed = await Outbox.ClaimDueAsync(T0.AddMinutes(10), T0.AddMinutes(11), 10, Node);

        Assert.Equal(["first", "second"], claimed.Select(c => c.Message.IdempotencyKey));
        Assert.All(claimed, c => Assert.Equal(1, c.Attempts));
    }

    [Fact]
    public async Task A_claimed_message_is_leased_and_claimed_again_only_after_the_lease_lapses()
    {
        await Outbox.EnqueueAsync(Message("m"));
        Assert.Single(await Outbox.ClaimDueAsync(T0, T0.AddSeconds(30), 10, Node));

        Assert.Empty(await Outbox.ClaimDueAsync(T0.AddSeconds(10), T0.AddSeconds(40), 10, Node));
        var again = Assert.Single(await Outbox.ClaimDueAsync(T0.AddSeconds(31), T0.AddSeconds(60), 10, Node));
        Assert.Equal(2, again.Attempts);
    }

    [Fact]
    public async Task A_message_is_read_back_by_its_id_as_it_is_now()
    {
        await Outbox.EnqueueAsync(Message("nudge:1"));
        var claimed = Assert.Single(await Outbox.ClaimDueAsync(T0, T0.AddSeconds(30), 10, Node));

        var pending = await Outbox.FindAsync(claimed.Id);
        Assert.Equal((OutboxState.Pending, "nudge:1", claimed.Message.Payload),
            (pending?.State, pending?.Message.IdempotencyKey, pending?.Message.Payload));
        await Outbox.MarkSentAsync(claimed.Id, T0);
        Assert.Equal(OutboxState.Sent, (await Outbox.FindAsync(claimed.Id))?.State);
        Assert.Null(await Outbox.FindAsync(claimed.Id + 1_000));
    }

    [Fact]
    public async Task A_sent_message_is_never_claimed_again()
    {
        await Outbox.EnqueueAsync(Message("m"));
        var item = Assert.Single(await Outbox.ClaimDueAsync(T0, T0.AddSeconds(30), 10, Node));

        await Outbox.MarkSentAsync(item.Id, T0.AddSeconds(1));

        Assert.Empty(await Outbox.ClaimDueAsync(T0.AddHours(1), T0.AddHours(2), 10, Node));
        var sent = Assert.Single(await Outbox.ForDeliveryAsync("D1"));
        Assert.Equal((OutboxState.Sent, T0.AddSeconds(1)), (sent.State, sent.SentAt));
    }

    [Fact]
    public async Task A_failed_message_is_retried_at_its_time_or_given_up_with_the_reason()
    {
        await Outbox.EnqueueAsync(Message("retry"));
        await Outbox.EnqueueAsync(Message("dead"));
        var claimed = await Outbox.ClaimDueAsync(T0, T0.AddSeconds(30), 10, Node);

        await Outbox.MarkFailedAsync(claimed[0].Id, "429 Too Many Requests", T0.AddMinutes(2));
        await Outbox.MarkFailedAsync(claimed[1].Id, "403 bot blocked", retryAt: null);

        Assert.Empty(await Outbox.ClaimDueAsync(T0.AddMinutes(1), T0.AddMinutes(3), 10, Node));
        Assert.Equal(
            "retry",
            Assert.Single(await Outbox.ClaimDueAsync(T0.AddMinutes(2), T0.AddMinutes(3), 10, Node))
                .Message.IdempotencyKey);
        var dead = (await Outbox.ForDeliveryAsync("D1")).Single(i => i.Message.IdempotencyKey == "dead");
        Assert.Equal((OutboxState.Dead, "403 bot blocked"), (dead.State, dead.LastError));
    }

    [Fact]
    public async Task Pruning_deletes_only_the_messages_sent_before_the_cut()
    {
        var written = T0.AddDays(-10);
        foreach (var key in (string[])["sent-long-ago", "sent-since", "waiting", "given-up"])
            await Outbox.EnqueueAsync(Message(key) with { DueAt = written });
        await Outbox.EnqueueAsync(Message("new", dueInMinutes: 1));
        var claimed = (await Outbox.ClaimDueAsync(written, written.AddMinutes(1), 10, Node))
            .ToDictionary(c => c.Message.IdempotencyKey, c => c.Id);
        await Outbox.MarkSentAsync(claimed["sent-long-ago"], T0.AddDays(-9));
        await Outbox.MarkSentAsync(claimed["sent-since"], T0.AddHours(1));
        await Outbox.MarkFailedAsync(claimed["given-up"], "403 bot blocked", retryAt: null);

        var pruned = await Outbox.PruneSentAsync(after: 0, sentBefore: T0, batch: 100);

        Assert.Equal(new OutboxPruning(1, Next: null), pruned);
        Assert.Equal(
            ["sent-since", "waiting", "given-up", "new"],
            (await Outbox.ForDeliveryAsync("D1")).Select(i => i.Message.IdempotencyKey));
        // its key went with it: written again, it is a new message (the bot's keys name their moment, so it never is)
        Assert.True(await Outbox.EnqueueAsync(Message("sent-long-ago")));
    }

    [Fact]
    public async Task Pruning_walks_the_rows_in_batches_and_stops_at_a_batch_written_after_the_cut()
    {
        var written = T0.AddDays(-10);
        for (var i = 0; i < 5; i++) await Outbox.EnqueueAsync(Message($"old{i}") with { DueAt = written });
        foreach (var item in await Outbox.ClaimDueAsync(written, written.AddMinutes(1), 10, Node))
            await Outbox.MarkSentAsync(item.Id, written.AddMinutes(1));
        for (var i = 0; i < 3; i++) await Outbox.EnqueueAsync(Message($"new{i}"));

        var steps = new List<(int Deleted, bool Done)>();
        for (long? after = 0; after is { } from;)
        {
            var step = await Outbox.PruneSentAsync(from, sentBefore: T0, batch: 2);
            steps.Add((step.Deleted, step.Next is null));
            after = step.Next;
        }

        // rows 1-2, 3-4, 5 and the first new one, then two new ones: written after the cut, so the rest is newer
        Assert.Equal([(2, false), (2, false), (1, false), (0, true)], steps);
        Assert.Equal(
            ["new0", "new1", "new2"], (await Outbox.ForDeliveryAsync("D1")).Select(i => i.Message.IdempotencyKey));
    }

    [Fact]
    public async Task Only_the_sender_holding_the_claim_may_renew_it_and_send()
    {
        await Outbox.EnqueueAsync(Message("m"));
        var first = Assert.Single(await Outbox.ClaimDueAsync(T0, T0.AddSeconds(30), 10, Node));
        Assert.True(await Outbox.RenewLeaseAsync(first.Id, Node, T0.AddSeconds(40)));

        // node-a stalls past its lease; node-b claims the message: node-a's renewal now fails, so it never sends
        var second = Assert.Single(await Outbox.ClaimDueAsync(T0.AddSeconds(41), T0.AddSeconds(70), 10, "node-b"));
        Assert.False(await Outbox.RenewLeaseAsync(first.Id, Node, T0.AddSeconds(80)));

        await Outbox.MarkSentAsync(second.Id, T0.AddSeconds(42));
        // sent: nobody sends it again
        Assert.False(await Outbox.RenewLeaseAsync(second.Id, "node-b", T0.AddSeconds(80)));
    }

    [Fact]
    public async Task A_sender_renews_its_own_waiting_claims_lapsed_or_not_and_nobody_elses()
    {
        foreach (var key in new[] { "lapsed", "live", "sent", "theirs" }) await Outbox.EnqueueAsync(Message(key));
        var mine = await Outbox.ClaimDueAsync(T0, T0.AddSeconds(30), 3, Node); // lapsed, live, sent
        Assert.Single(await Outbox.ClaimDueAsync(T0, T0.AddSeconds(30), 10, "node-b")); // theirs
        await Outbox.MarkSentAsync(mine.Single(m => m.Message.IdempotencyKey == "sent").Id, T0);
        var ids = (await Outbox.ForDeliveryAsync("D1")).Select(i => i.Id).ToList();

        // past the claims' lease: the renewal still finds what is node-a's and unsent
        Assert.Equal(2, await Outbox.RenewLeasesAsync(ids, Node, T0.AddSeconds(90)));

        // node-a's two are claimed again by nobody until the renewed lease lapses; node-b's has lapsed
        var later = await Outbox.ClaimDueAsync(T0.AddSeconds(60), T0.AddSeconds(120), 10, "node-c");
        Assert.Equal(["theirs"], later.Select(i => i.Message.IdempotencyKey));
        Assert.Equal(0, await Outbox.RenewLeasesAsync([], Node, T0.AddSeconds(90)));
        Assert.Equal(
            ["lapsed", "live"],
            (await Outbox.ClaimDueAsync(T0.AddSeconds(91), T0.AddSeconds(150), 10, "node-c"))
                .Select(i => i.Message.IdempotencyKey).Order());
    }

    [Fact]
    public async Task A_restarted_sender_releases_only_its_own_claims_and_keeps_retry_times()
    {
        await Outbox.EnqueueAsync(Message("mine"));
        await Outbox.EnqueueAsync(Message("theirs"));
        await Outbox.EnqueueAsync(Message("retry"));
        Assert.Single(await Outbox.ClaimDueAsync(T0, T0.AddMinutes(1), 1, Node));
        Assert.Single(await Outbox.ClaimDueAsync(T0, T0.AddMinutes(1), 1, "node-b"));
        var retry = Assert.Single(await Outbox.ClaimDueAsync(T0, T0.AddMinutes(1), 1, Node));
        await Outbox.MarkFailedAsync(retry.Id, "503", T0.AddMinutes(10));

        Assert.Equal(1, await Outbox.ReleaseLeasesAsync(Node)); // node-a crashed and came back at T0 + 5 s

        var reclaimed = Assert.Single(await Outbox.ClaimDueAsync(T0.AddSeconds(5), T0.AddMinutes(1), 10, Node));
        Assert.Equal("mine", reclaimed.Message.IdempotencyKey);
    }

    [Fact]
    public async Task Two_instances_claiming_at_once_never_get_the_same_message()
    {
        for (var i = 0; i < 200; i++) await Outbox.EnqueueAsync(Message($"m{i}", delivery: null));
        var (_, other) = await SecondInstanceAsync();

        async Task<List<long>> Drain(IOutbox outbox, string node)
        {
            var ids = new List<long>();
            for (var batch = await outbox.ClaimDueAsync(T0, T0.AddMinutes(5), 7, node);
                batch.Count > 0;
                batch = await outbox.ClaimDueAsync(T0, T0.AddMinutes(5), 7, node))
                ids.AddRange(batch.Select(b => b.Id));
            return ids;
        }
        var claims = await Task.WhenAll(Task.Run(() => Drain(Outbox, Node)), Task.Run(() => Drain(other, "node-b")));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(200, all.Count);
        Assert.Equal(200, all.Distinct().Count());
    }

    [Fact]
    public async Task Conversation_references_are_upserted_by_key()
    {
        await Conversations.SaveReferenceAsync("user:oid-pablo", """{"conversation":{"id":"a:1"}}""", T0);
        await Conversations.SaveReferenceAsync("user:oid-pablo", """{"conversation":{"id":"a:2"}}""", T0.AddMinutes(1));

        Assert.Equal("""{"conversation":{"id":"a:2"}}""", await Conversations.FindReferenceAsync("user:oid-pablo"));
        Assert.Null(await Conversations.FindReferenceAsync("user:oid-nobody"));
    }

    [Fact]
    public async Task References_are_read_by_key_prefix_exactly_and_bounded()
    {
        await Conversations.SaveReferencesAsync(
        [
            new("people:t1:megan|oid-1", "megan"), new("people:t1:meg|oid-2", "meg"),
            new("people:t1:mel|oid-3", "mel"), new("people:t2:megan|oid-4", "other organisation"),
            new("people:t1:m%gan|oid-5", "a wildcard in a key"), new("people:t1:MEGAN|oid-6", "upper case"),
        ], T0);

        var megs = await Conversations.FindReferencesAsync("people:t1:meg", limit: 10);
        var wildcard = await Conversations.FindReferencesAsync("people:t1:m%", limit: 10);
        var first = await Conversations.FindReferencesAsync("people:t1:m", limit: 2);

        Assert.Equal(["meg", "megan"], megs.Select(r => r.Value).Order(StringComparer.Ordinal));
        Assert.Equal(["a wildcard in a key"], wildcard.Select(r => r.Value));
        Assert.Equal(2, first.Count);
    }

    [Fact]
    public async Task Reachability_is_recorded_with_its_reason_and_cleared_by_a_later_success()
    {
        await Conversations.SetReachabilityAsync("oid-pablo", reachable: false, "403: the user blocked the bot", T0);
        Assert.Equal(
            new Reachability("oid-pablo", Reachable: false, "403: the user blocked the bot", T0),
            await Conversations.FindReachabilityAsync("oid-pablo"));

        await Conversations.SetReachabilityAsync("oid-pablo", reachable: true, null, T0.AddDays(1));

        Assert.Equal(
            new Reachability("oid-pablo", Reachable: true, Reason: null, T0.AddDays(1)),
            await Conversations.FindReachabilityAsync("oid-pablo"));
        Assert.Null(await Conversations.FindReachabilityAsync("oid-nobody"));
    }

    [Fact]
    public async Task Many_people_s_reachability_and_references_are_read_in_one_look_each_as_one_by_one()
    {
        // 250 people: more than one statement's worth of keys
        var people = Enumerable.Range(0, 250).Select(i => $"oid-{i}").ToList();
        foreach (var person in people.Where((_, i) => i % 3 == 0))
            await Conversations.SetReachabilityAsync(person, reachable: false, $"403: {person} blocked the bot", T0);
        foreach (var person in people.Where((_, i) => i % 3 == 1))
            await Conversations.SetReachabilityAsync(person, reachable: true, null, T0);
        await Conversations.SaveReferencesAsync(
            [.. people.Where((_, i) => i % 2 == 0).Select(p => new KeyValuePair<string, string>($"user:{p}", p))], T0);
        var asked = people.Append("oid-nobody").Append("oid-0").ToList(); // one unknown, one twice

        var reachability = await Conversations.FindReachabilityAsync(asked);
        var references = await Conversations.FindReferencesByKeyAsync([.. asked.Select(p => $"user:{p}")]);

        var oneByOne = new Dictionary<string, Reachability>();
        foreach (var person in asked.Distinct())
            if (await Conversations.FindReachabilityAsync(person) is { } r) oneByOne[person] = r;
        Assert.Equal(167, oneByOne.Count);
        Assert.Equal(oneByOne.OrderBy(p => p.Key), reachability.OrderBy(p => p.Key));
        Assert.Equal(
            people.Where((_, i) => i % 2 == 0).Select(p => ($"user:{p}", p)).Order(),
            references.Select(r => (r.Key, r.Value)).Order());
        Assert.Empty(await Conversations.FindReachabilityAsync([]));
        // a few distinct keys, as a card's stakeholders are read, and a few with one twice: the same answers
        var few = oneByOne.Where(p => p.Key is "oid-0" or "oid-1" or "oid-3" or "oid-4").OrderBy(p => p.Key);
        Assert.Equal(few, (await Conversations.FindReachabilityAsync(["oid-0", "oid-1", "oid-3", "oid-4", "oid-x"]))
            .OrderBy(p => p.Key));
        Assert.Equal(few, (await Conversations.FindReachabilityAsync(["oid-0", "oid-1", "oid-3", "oid-4", "oid-0"]))
            .OrderBy(p => p.Key));
    }

    [Fact]
    public async Task Posted_cards_are_remembered_per_delivery_redrawn_in_order_and_forgotten_one_by_one()
    {
        PostedCard Card(string delivery, string activity, int minute, string template = "status") =>
            new(
                DeliveryId: delivery,
                Template: template,
                Focus: "",
                ServiceUrl: "https://smba.example/",
                ConversationId: "19:chat",
                ActivityId: activity,
                TenantId: "tenant-1",
                PostedAt: T0.AddMinutes(minute));
        // the gate card was sent to Quinn's own chat: drawn for her
        var quinns = Card("D1", "act-2", 2, "gate") with
        {
            Focus = "qa-pass",
            Viewer = new("oid-quinn", "quinn@contoso.test", "Quinn", "Europe/Lisbon"),
        };
        await Conversations.SavePostedCardAsync(quinns);
        await Conversations.SavePostedCardAsync(Card("D1", "act-1", 1));
        await Conversations.SavePostedCardAsync(Card("D2", "act-3", 3));
        await Conversations.SavePostedCardAsync(Card("D1", "act-1", 1)); // posting twice keeps one row

        Assert.Equal([Card("D1", "act-1", 1), quinns], await Conversations.PostedCardsAsync("D1"));

        await Conversations.ForgetPostedCardAsync(Card("D1", "act-1", 1));

        Assert.Equal(["act-2"], (await Conversations.PostedCardsAsync("D1")).Select(c => c.ActivityId));
        Assert.Single(await Conversations.PostedCardsAsync("D2"));
    }
}
