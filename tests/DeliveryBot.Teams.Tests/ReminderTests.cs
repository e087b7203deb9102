using System.Text;
using DeliveryBot.Application.Messages;
using DeliveryBot.Application.Deliveries;
using DeliveryBot.Application.Reminders;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Application.Storage;
using DeliveryBot.Teams.Tests.Support;
using DeliveryBot.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace DeliveryBot.Teams.Tests;

/// <summary>
/// The scheduler's pass through the real bot on a moved clock: what the policy says is due goes through the outbox to
/// the recipient's 1:1 chat as the card that answers it, exactly once, even when a pass is repeated or a crash left a
/// message written but not yet recorded; someone unreachable is given up on with the reason kept.
/// </summary>
public sealed class ReminderTests : IAsyncLifetime
{
    private readonly ManualClock _clock = new(Scenario.Start);
    private FakeConnector _connector = null!;
    private ChannelFactory _bot = null!;

    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        _bot = new ChannelFactory(
            new Dictionary<string, string?> { ["Storage:LockTimeout"] = "00:00:01" }) { Clock = _clock };
        var s = Scenario.Opened().Planned(); // Pablo and Diego owe the schedule acknowledgement from 2026-03-02 10:00
        await _bot.Services.GetRequiredService<IDeliveryStore>().SaveAsync(Contoso.Own(s.Delivery), 0, Scenario.Start);
        // The bot has met the tenant (anyone's message) and the delivery's status card lives in a chat there.
        using var http = _bot.CreateClient();
        await http.PostAsync(new Uri("/api/messages", UriKind.Relative),
            new StringContent(Activities.Message(_connector.ServiceUrl, "hello"), Encoding.UTF8, "application/json"));
        await _bot.Services.GetRequiredService<IConversationStore>().SavePostedCardAsync(
            new PostedCard(
                DeliveryId: Contoso.Key("D1"),
                Template: "status",
                Focus: "",
                ServiceUrl: _connector.ServiceUrl.ToString(),
                ConversationId: "19:team",
                ActivityId: "m-status",
                TenantId: Activities.Tenant,
                PostedAt: Scenario.Start));
    }

    /// <summary>
    /// A sweep (whose saves wake the dispatcher, which sends what the sweep wrote), then a periodic drain, each awaited
    /// until nothing is being sent; how many nudges reached the connector in this pass.
    /// </summary>
    private async Task<int> PassAsync()
    {
        var before = Nudges.Count;
        var dispatcher = _bot.Services.GetRequiredService<OutboxDispatcher>();
        await _bot.Services.GetRequiredService<ReminderSweep>().RunAsync(50, CancellationToken.None);
        await dispatcher.WhenIdleAsync();
        await dispatcher.DispatchAsync(50, CancellationToken.None);
        await dispatcher.WhenIdleAsync();
        return Nudges.Count - before;
    }

    private async Task<List<OutboxItem>> RemindersAsync()
        => [.. (await _bot.Services.GetRequiredService<IOutbox>().ForDeliveryAsync(Contoso.Key("D1")))
            .Where(i => i.Message.Kind == ReminderMessage.OutboxKind)];

    private IReadOnlyList<FakeConnector.ConnectorCall> Nudges
        => [.. _connector.Sends.Where(
            c => c.Method == "POST" && c.Body.Contains("\"card\":\"nudge\"", StringComparison.Ordinal))];

    [Fact]
    public async Task A_pending_gate_is_nudged_after_the_agreed_business_hours_once_each_and_recorded()
    {
        _clock.Set(Scenario.Start.AddHours(4));
        Assert.Equal(0, await PassAsync()); // 4 business hours: not yet

        _clock.Set(Scenario.Start.AddDays(1).AddHours(3)); // Tuesday 13:00: 8 business hours have passed
        Assert.Equal(2, await PassAsync());
        Assert.Equal(0, await PassAsync()); // the same pass again sends nothing

        Assert.Equal(2, Nudges.Count);
        Assert.Contains(Nudges, c => c.Body.Contains("schedule-acknowledged-pla", StringComparison.Ordinal));
        Assert.Contains(Nudges, c => c.Body.Contains("schedule-acknowledged-deployment", StringComparison.Ordinal));
        var delivery = (await _bot.Services.GetRequiredService<IDeliveryStore>().FindAsync(Contoso.Key("D1")))!;
        Assert.Equal(2, delivery.State.Reminders.Count);
        // and the redraws
        Assert.All(await _bot.Services.GetRequiredService<IOutbox>().ForDeliveryAsync(Contoso.Key("D1")),
            i => Assert.Equal(OutboxState.Sent, i.State));
    }

    [Fact]
    public async Task A_message_written_before_a_crash_is_sent_once_when_the_next_pass_finds_it_due_again()
    {
        _clock.Set(Scenario.Start.AddDays(1).AddHours(3));
        var outbox = _bot.Services.GetRequiredService<IOutbox>();
        var delivery = (await _bot.Services.GetRequiredService<IDeliveryStore>().FindAsync(Contoso.Key("D1")))!;
        var due = Domain.Policies.ReminderPolicy.Due(delivery, _clock.GetUtcNow())[0];
        // What a crash leaves: the message written, the record not told.
        Assert.True(await outbox.EnqueueAsync(Reminder(due)));

        await PassAsync();
        await PassAsync();

        Assert.Equal(2, Nudges.Count); // one each, not three
        Assert.Equal(2, (await RemindersAsync()).Count);
    }

    [Fact]
    public async Task Someone_who_blocked_the_bot_is_given_up_on_with_the_reason_kept_not_retried_and_the_dm_told()
    {
        _clock.Set(Scenario.Start.AddDays(1).AddHours(3));
        // Teams refuses to open the first 1:1 chat asked for: Pablo's or Diego's, whichever nudge reached Teams first.
        _connector.ScriptFor("POST", "/v3/conversations",
            (403, null, """{"error":{"code":"Forbidden","message":"the user blocked the bot"}}"""));
        await PassAsync();
        _clock.Advance(TimeSpan.FromHours(1));
        await PassAsync();

        var rows = await RemindersAsync();
        Assert.Contains(rows, r => r.State == OutboxState.Dead && r.LastError is not null);
        var dead = Assert.Single(rows, r => r.State == OutboxState.Dead);
        var refused = ((ReminderMessage)OutboxKinds.Read(dead.Message)!).Recipient.DisplayName;
        Assert.Contains(
            _connector.Sends, c => c.Body.Contains($"t reach {refused} in Teams (403", StringComparison.Ordinal)
            && c.Body.Contains("did not reach them", StringComparison.Ordinal));
        Assert.All(rows, r => Assert.True(r.Attempts <= 1, $"{r.Message.IdempotencyKey} tried {r.Attempts} times"));
    }

    [Fact]
    public async Task A_pass_meeting_a_locked_database_leaves_nothing_half_done_and_the_next_sends_each_reminder_once()
    {
        _clock.Set(Scenario.Start.AddDays(1).AddHours(3));
        var store = _bot.Services.GetRequiredService<IDeliveryStore>();
        var outbox = _bot.Services.GetRequiredService<IOutbox>();
        var file = _bot.Services.GetRequiredService<Storage.Sql.SqlDialect>().Describe;
        var version = (await store.FindAsync(Contoso.Key("D1")))!.Version;

        // The sweep meets the lock: the scheduler job throws, and its next slot is the retry.
        await using (await Storage.Tests.Support.AnotherWriter.LockAsync(file))
            Assert.Equal(StorageFault.Locked, (await Assert.ThrowsAsync<StorageUnavailableException>(
                () => _bot.Services.GetRequiredService<ReminderSweep>().RunAsync(50, CancellationToken.None))).Fault);
        Assert.Empty(await outbox.ForDeliveryAsync(Contoso.Key("D1")));
        Assert.Equal(version, (await store.FindAsync(Contoso.Key("D1")))!.Version);

        // What the sweep writes first is there; then the outbox job meets the lock: nothing is sent or lost.
        foreach (var due in Domain.Policies.ReminderPolicy.Due(
            (await store.FindAsync(Contoso.Key("D1")))!, _clock.GetUtcNow()))
            await outbox.EnqueueAsync(Reminder(due));
        await using (await Storage.Tests.Support.AnotherWriter.LockAsync(file))
            await Assert.ThrowsAsync<StorageUnavailableException>(
                () => _bot.Services.GetRequiredService<OutboxDispatcher>().DispatchAsync(50, CancellationToken.None));
        Assert.Empty(Nudges);
        // The enqueues above woke this process's dispatcher, which met the lock too: its claim fails once its wait for
        // the lock runs out, and a write joining that attempt would fail with it. Wait for it to have given up.
        await _bot.Services.GetRequiredService<OutboxDispatcher>().WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.All(await outbox.ForDeliveryAsync(Contoso.Key("D1")), i => Assert.Equal(OutboxState.Pending, i.State));

        Assert.Equal(2, await PassAsync());
        Assert.Equal(0, await PassAsync());
        Assert.Equal(2, Nudges.Count);
        Assert.All(await outbox.ForDeliveryAsync(Contoso.Key("D1")), i => Assert.Equal(OutboxState.Sent, i.State));
    }

    private async Task<string> SayAsync(string who, string text, string id, string? timezone = null)
    {
        var json = Activities.Message(
            _connector.ServiceUrl, text, id: id, fromOid: $"oid-{who.ToLowerInvariant()}", fromName: who);
        if (timezone is not null) json = json.Replace("\"textFormat\":\"plain\"",
            $"\"textFormat\":\"plain\",\"localTimezone\":\"{timezone}\"", StringComparison.Ordinal);
        using var http = _bot.CreateClient();
        await http.PostAsync(
            new Uri("/api/messages", UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));
        var reply = _connector.Sends.Last(c => c.Path.EndsWith($"/activities/{id}", StringComparison.Ordinal));
        return System.Text.Json.JsonDocument.Parse(reply.Body).RootElement.GetProperty("text").GetString()!;
    }

    [Fact]
    public async Task Reminders_lists_what_is_scheduled_in_the_readers_time_zone()
    {
        var text = await SayAsync("Pablo", "reminders D1", "r1", "America/New_York");

        Assert.Contains("(times in America/New_York)", text);
        // 10:00 in London
        Assert.Contains("- Tue 2026-03-03 05:00 · Nudge to Pablo: Can production deliver to this schedule?", text);
        Assert.Contains("Nudge to Diego", text);
    }

    [Fact]
    public async Task Paused_reminders_send_nothing_until_resumed_and_then_once()
    {
        Assert.StartsWith("🚫", await SayAsync("Pablo", "pause D1", "p0"));
        Assert.StartsWith("✅ Reminders paused by Dana", await SayAsync("Dana", "pause D1", "p1"));
        _clock.Set(Scenario.Start.AddDays(3));
        Assert.Equal(0, await PassAsync());
        Assert.Contains("are paused", await SayAsync("Dana", "reminders D1", "p2"));

        Assert.StartsWith("✅ Reminders resumed by Dana", await SayAsync("Dana", "resume D1", "p3"));
        await PassAsync();
        await PassAsync();

        Assert.Equal(2, Nudges.Count); // one each for what fell due while paused
    }

    [Fact]
    public async Task A_changed_cadence_moves_the_next_status_update_and_the_old_slot_sends_nothing()
    {
        var deliveries = _bot.Services.GetRequiredService<DeliveryService>();
        await deliveries.ExecuteAsync(Contoso.Key("D1"), new SetStatusUpdateCadence(
            DayOfWeek.Thursday, new TimeOnly(10, 0), 1), "cadence-1", Cast.Dana, "test");
        Assert.Contains("Thu 2026-03-05 10:00 · Status update", await SayAsync("Dana", "reminders D1", "c1"));

        await deliveries.ExecuteAsync(Contoso.Key("D1"), new SetStatusUpdateCadence(
            DayOfWeek.Friday, new TimeOnly(9, 30), 1), "cadence-2", Cast.Dana, "test");
        var listed = await SayAsync("Dana", "reminders D1", "c2");
        Assert.Contains("Fri 2026-03-06 09:30 · Status update", listed);
        Assert.DoesNotContain("Thu 2026-03-05 10:00 · Status update", listed);

        _clock.Set(new DateTimeOffset(2026, 3, 5, 10, 1, 0, TimeSpan.Zero)); // the old slot
        await PassAsync();
        Assert.Empty(Updates);

        _clock.Set(new DateTimeOffset(2026, 3, 6, 9, 31, 0, TimeSpan.Zero)); // the new one
        await PassAsync();
        await PassAsync();
        Assert.Single(Updates);
    }

    [Fact]
    public async Task A_milestone_past_its_delay_escalates_to_the_cto_once_and_is_renudged_each_workday_until_acked()
    {
        // Production start (target Mon 9 March, 2 business days' grace) has not happened by Thursday 12 March.
        _clock.Set(new DateTimeOffset(2026, 3, 12, 10, 0, 0, TimeSpan.Zero));
        await PassAsync();
        await PassAsync();
        var store = _bot.Services.GetRequiredService<IDeliveryStore>();
        var escalation = Assert.Single((await store.FindAsync(Contoso.Key("D1")))!.State.Escalations);
        Assert.Equal("milestone:ProductionStart", escalation.Trigger);
        // once: the notice, not also a "new turn" card
        Assert.Contains("Clara (CTO)", Assert.Single(EscalationCards).Body);

        _clock.Set(new DateTimeOffset(2026, 3, 12, 16, 0, 0, TimeSpan.Zero)); // later the same day: nothing more
        await PassAsync();
        Assert.Single(EscalationCards);

        _clock.Set(new DateTimeOffset(2026, 3, 13, 10, 30, 0, TimeSpan.Zero)); // the next business day: one re-nudge
        await PassAsync();
        await PassAsync();
        Assert.Equal(2, EscalationCards.Count);

        await _bot.Services.GetRequiredService<DeliveryService>()
            .ExecuteAsync(Contoso.Key("D1"), new AcknowledgeEscalation(escalation.Id), "ack-1", Cast.Clara, "test");
        _clock.Set(new DateTimeOffset(2026, 3, 16, 11, 0, 0, TimeSpan.Zero)); // Monday: acknowledged, so quiet
        await PassAsync();
        Assert.Equal(2, EscalationCards.Count);
        // raised once, never again for the same milestone
        Assert.Single((await store.FindAsync(Contoso.Key("D1")))!.State.Escalations);
    }

    private IReadOnlyList<FakeConnector.ConnectorCall> EscalationCards
        => [.. _connector.Sends.Where(
            c => c.Method == "POST" && c.Body.Contains("\"card\":\"escalation\"", StringComparison.Ordinal))];

    private IReadOnlyList<FakeConnector.ConnectorCall> Updates
        => [.. _connector.Sends.Where(
            c => c.Method == "POST" && c.Body.Contains("\"card\":\"update\"", StringComparison.Ordinal))];

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _connector.DisposeAsync();
    }

    /// <summary>The outbox row the sweep writes for a due reminder.</summary>
    private OutboxMessage Reminder(Domain.Policies.DueReminder due)
        => OutboxKinds.Row(
            new ReminderMessage(Contoso.Key("D1"), due.Kind, due.Key, due.Subject, due.Reference, due.Recipient),
            $"{Contoso.Key("D1")}:{due.Key}",
            OutboxKinds.PersonLane(due.Recipient), _clock.GetUtcNow());

    [Fact]
    public async Task A_delivery_whose_reminders_cannot_be_worked_out_does_not_hold_up_the_others()
    {
        // D2's nudges fall due first (Tuesday 10:00). Its stored calendar is then damaged (no working day at all, as a
        // record from before such calendars were refused, or a bad restore, could hold): working out its reminders
        // fails.
        var d2 = Scenario.Opened().Delivery.State;
        await _bot.Services.GetRequiredService<IDeliveryStore>()
            .SaveAsync(Contoso.Own(Domain.Deliveries.Delivery.Restore(d2 with
        {
            Id = "D2", Audit = [.. d2.Audit.Select(e => e with { CommandId = $"D2-{e.CommandId}" })],
        })), 0, Scenario.Start);
        await using (var db = new Microsoft.Data.Sqlite.SqliteConnection(
            $"Data Source={_bot.Services.GetRequiredService<Storage.Sql.SqlDialect>().Describe}"))
        {
            await db.OpenAsync();
            await using var damage = db.CreateCommand();
            // with a new version, as every writer of a record must (the bot serves a record it keeps until it moves)
            damage.CommandText = $"UPDATE deliveries SET doc = json_set(doc, '$.settings.calendar.workDays', " +
                $"json('[]')), version = version + 1 WHERE id = '{Contoso.Key("D2")}'";
            Assert.Equal(1, await damage.ExecuteNonQueryAsync());
        }
        Assert.ThrowsAny<Exception>(() => Domain.Policies.ReminderPolicy.Due(
            _bot.Services.GetRequiredService<IDeliveryStore>().FindAsync(Contoso.Key("D2")).Result!, Scenario.Start));

        _clock.Set(Scenario.Start.AddDays(1).AddHours(3)); // Tuesday 13:00: D2's nudges, then D1's, are due
        Assert.Equal(2, await PassAsync()); // D1's nudges went, after D2 failed
        Assert.Equal(0, await PassAsync()); // the next pass meets D2 first again, and goes on again

        Assert.Equal(2, (await _bot.Services.GetRequiredService<IDeliveryStore>().FindAsync(Contoso.Key("D1")))!
            .State.Reminders.Count);

        // It keeps failing: tried less often, and at the third failure in a row its DM is told, once.
        for (var pass = 0; pass < 4; pass++)
        {
            _clock.Advance(TimeSpan.FromMinutes(5));
            await PassAsync();
        }
        var told = (await _bot.Services.GetRequiredService<IOutbox>().ForDeliveryAsync(Contoso.Key("D2")))
            .Where(r => r.Message.Kind == Notice.OutboxKind).ToList();
        var notice = (Notice)OutboxKinds.Read(Assert.Single(told).Message)!;
        Assert.Equal(Cast.Dana.Key, notice.Recipient.Key);
        Assert.Contains("its reminders, nudges and escalations are held up: I could not work out what is due (At " +
            "least one working day is needed.)", notice.Markdown);
    }
}
