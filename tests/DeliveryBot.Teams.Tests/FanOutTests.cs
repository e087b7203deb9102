using System.Diagnostics;
using System.Text.Json;
using DeliveryBot.Application.Deliveries;
using DeliveryBot.Application.Messages;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.People;
using DeliveryBot.Teams.Tests.Support;
using DeliveryBot.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;

namespace DeliveryBot.Teams.Tests;

/// <summary>
/// What follows a change, through the real bot and a connector that keeps Teams' limits: who is told, which cards are
/// updated in place and how often, and that a busy chat holds up nothing but itself.
/// </summary>
public sealed class FanOutTests(ITestOutputHelper output) : ChannelTest
{
    private const string BusyChat = "19:busy";
    private IDeliveryStore _store = null!;
    private IConversationStore _conversations = null!;
    private DeliveryService _deliveries = null!;
    private OutboxDispatcher _dispatcher = null!;
    private int _ids;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _store = Bot.Services.GetRequiredService<IDeliveryStore>();
        _conversations = Bot.Services.GetRequiredService<IConversationStore>();
        _deliveries = Bot.Services.GetRequiredService<DeliveryService>();
        _dispatcher = Bot.Services.GetRequiredService<OutboxDispatcher>();
        await _store.ImportAsync(Contoso.Own([
            Domain.Deliveries.Delivery.Restore(Scenario.Opened().ToProduction().Delivery.State with { Id = "D1" }),
            Domain.Deliveries.Delivery.Restore(Scenario.Opened().ToProduction().Delivery.State with { Id = "D2" }),
            Domain.Deliveries.Delivery.Restore(Scenario.Opened().Planned().Delivery.State with { Id = "D3" }),
        ]), Scenario.Start);
        await SayAsync("Dana", "help"); // Dana and Pablo have a 1:1 chat with the bot (a:personal-1 in this fake Teams)
        await SayAsync("Pablo", "help");
        await _dispatcher.WhenIdleAsync();
    }

    private async Task SayAsync(
        string who, string text, string conversation = "a:personal-1", string conversationType = "personal")
        => (await PostAsync(Activities.Message(Connector.ServiceUrl, text, conversationType, conversation,
            id: $"activity-{Interlocked.Increment(ref _ids)}",
            mentionBotAs: conversationType == "personal" ? null : "<at>DeliveryBot</at>",
                fromOid: $"oid-{who.ToLowerInvariant()}", fromName: who))).EnsureSuccessStatusCode();

    /// <summary>
    /// A card the bot posted in Dana and Pablo's 1:1 chat (or <paramref name="conversation"/>), remembered as living
    /// there, drawn for <paramref name="viewer"/> when it was sent to them.
    /// </summary>
    private Task RememberPostedAsync(
        string delivery,
        string template,
        string focus,
        string activityId,
        Person? viewer = null,
        string conversation = "a:personal-1")
        => _conversations.SavePostedCardAsync(new PostedCard(
            DeliveryId: Contoso.Key(delivery),
            Template: template,
            Focus: focus,
            ServiceUrl: Connector.ServiceUrl.ToString(),
            ConversationId: conversation,
            ActivityId: activityId,
            TenantId: Activities.Tenant,
            PostedAt: Scenario.Start) { Viewer = viewer });

    /// <summary>Messages the bot posted to someone's 1:1 chat on its own (not replies to what they said).</summary>
    private IEnumerable<FakeConnector.ConnectorCall> Posted(string text)
        => Connector.Sends.Where(c => c is { Method: "POST", Path: "/v3/conversations/a:personal-1/activities" }
            && c.Body.Contains(text, StringComparison.Ordinal));

    [Fact]
    public async Task The_dm_is_told_when_someone_standing_in_for_them_skips_a_stage()
    {
        var until = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30); // this bot runs on the system clock
        Assert.True((await _deliveries.ExecuteAsync(Contoso.Key("D1"),
            new DelegateRole(Role.DeliveryManager, Cast.Sam, until, "annual leave"), "delegate", Cast.Dana, "test"))
            .Outcome.Changed);

        await SayAsync("Sam", "skip D1 3 talent reused from an earlier delivery");
        await _dispatcher.WhenIdleAsync();

        var told = Posted("skipped by Sam").ToList();
        Assert.True(told.Count == 1,
            $"sent: {string.Join(" | ", Connector.Sends
                .Select(c => c.Path + " " + c.Body[..Math.Min(300, c.Body.Length)]))}");
        Assert.Contains("Stage 3 (Production tracking) skipped by Sam: talent reused from an earlier delivery",
            JsonDocument.Parse(told[0].Body).RootElement.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_qa_failure_sends_the_failure_notice_to_the_pla_and_the_dm_and_the_dm_no_second_line()
    {
        await _store.SaveAsync(
            Contoso.Own(Domain.Deliveries.Delivery.Restore(Scenario.Opened().ToQa().Delivery.State with { Id = "D4" })),
            0, Scenario.Start);
        await SayAsync("Dana", "help", "a:personal-dana"); // Dana's own 1:1 chat, to tell hers from Pablo's
        await _dispatcher.WhenIdleAsync();

        Assert.True((await _deliveries.ExecuteAsync(Contoso.Key("D4"),
            new RecordQaVerdict(1, Domain.Record.QaVerdict.Fail, "Credit notes misrouted"), "qa-fail-d4", Cast.Quinn,
            "test")).Outcome.Changed);
        await _dispatcher.WhenIdleAsync();

        static bool FailureNotice(FakeConnector.ConnectorCall c)
            => c.Body.Contains("\"card\":\"qa-failure\"", StringComparison.Ordinal)
                && c.Body.Contains("Credit notes misrouted", StringComparison.Ordinal);
        var toDana = Connector.Sends
            .Where(c => c is { Method: "POST", Path: "/v3/conversations/a:personal-dana/activities" }).ToList();
        Assert.Single(toDana, FailureNotice);
        Assert.DoesNotContain(toDana, c => c.Body.Contains("FAIL, reported by Quinn", StringComparison.Ordinal));
        Assert.Single(Posted("Credit notes misrouted"), FailureNotice); // Pablo's, in a:personal-1
        // each drawn for the one who reads it, and remembered so: its redraws are drawn for them too
        var posted = await _conversations.PostedCardsAsync(Contoso.Key("D4"));
        Assert.All(posted.Where(p => p.ConversationId == "a:personal-1"), p => Assert.Equal(Cast.Pablo, p.Viewer));
        Assert.All(posted.Where(p => p.ConversationId == "a:personal-dana"), p => Assert.Equal(Cast.Dana, p.Viewer));
        Assert.Contains(posted, p => p.ConversationId == "a:personal-1");
        Assert.Contains(posted, p => p.ConversationId == "a:personal-dana");
    }

    /// <summary>
    /// A card in someone's own 1:1 chat was drawn for them, and so is every redraw of it: Pablo's gate card keeps
    /// telling him it is his to answer, with his button; the same card in Dana's chat (not hers to answer) keeps
    /// showing her no button. Drawn for nobody, both would show the button and neither say whose it is.
    /// </summary>
    [Fact]
    public async Task A_card_in_someone_s_own_chat_is_redrawn_for_them()
    {
        await SayAsync("Dana", "help", "a:personal-dana");
        await _dispatcher.WhenIdleAsync();
        var focus = Checks.ScheduleAcknowledgedByPla.Key;
        await RememberPostedAsync("D3", "gate", focus, "m-pablo-gate", viewer: Cast.Pablo);
        await RememberPostedAsync(
            "D3", "gate", focus, "m-dana-gate", viewer: Cast.Dana, conversation: "a:personal-dana");
        var before = Connector.Sends.Count;

        await SayAsync("Pablo", "blocker D3 vendor API down");
        await _dispatcher.WhenIdleAsync();

        var updates = Connector.Sends.Skip(before).Where(c => c.Method == "PUT").ToList();
        var pablos = Assert.Single(updates, c => c.Path.EndsWith("/m-pablo-gate", StringComparison.Ordinal)).Body;
        var danas = Assert.Single(updates, c => c.Path.EndsWith("/m-dana-gate", StringComparison.Ordinal)).Body;
        Assert.Contains("This one is yours to answer.", pablos, StringComparison.Ordinal);
        Assert.Contains("\"verb\":\"gate.acknowledge\"", pablos, StringComparison.Ordinal);
        Assert.DoesNotContain("This one is yours to answer.", danas, StringComparison.Ordinal);
        Assert.DoesNotContain("gate.acknowledge", danas, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_said_again_in_a_chat_retires_the_older_card_once_and_a_change_updates_only_the_living_one()
    {
        for (var i = 0; i < 3; i++) await SayAsync("Dana", "status D1", "19:team", "groupChat");
        await _dispatcher.WhenIdleAsync();
        var living = Assert.Single(
            await _conversations.PostedCardsAsync(Contoso.Key("D1")), p => p.ConversationId == "19:team");
        var retired = Connector.Sends.Where(c => c.Method == "PUT"
            && c.Path.StartsWith("/v3/conversations/19:team/", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, retired.Count);
        Assert.All(retired, c => Assert.Contains("moved", c.Body, StringComparison.Ordinal));

        await SayAsync("Pablo", "blocker D1 vendor API down");
        await _dispatcher.WhenIdleAsync();

        var redrawn = Connector.Sends.Where(c => c.Method == "PUT"
            && c.Path.StartsWith("/v3/conversations/19:team/", StringComparison.Ordinal)).Skip(2).ToList();
        Assert.Equal($"/v3/conversations/19:team/activities/{living.ActivityId}", Assert.Single(redrawn).Path);
        Assert.Contains("vendor API down", redrawn[0].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_card_is_not_updated_when_its_drawing_did_not_change_and_a_finished_gate_card_is_left_alone()
    {
        await SayAsync("Dana", "status D1", "19:team", "groupChat");
        await RememberPostedAsync("D1", "gate", Checks.ScheduleAcknowledgedByPla.Key, "m-old-gate");
        await _dispatcher.WhenIdleAsync();
        int Puts() => Connector.Sends.Count(c => c.Method == "PUT");
        var before = Puts();

        // The same change told twice (a redraw row written again): the second finds every card as it should be.
        var outbox = Bot.Services.GetRequiredService<IOutbox>();
        var version = (await _store.FindAsync(Contoso.Key("D1")))!.Version;
        await outbox.EnqueueAsync(OutboxKinds.Row(new CardRedraw(Contoso.Key("D1"), version),
            $"{Contoso.Key("D1")}:again-1", $"delivery:{Contoso.Key("D1")}", DateTimeOffset.UtcNow));
        await _dispatcher.DispatchAsync(10, CancellationToken.None);
        var afterFirst = Puts();
        await outbox.EnqueueAsync(OutboxKinds.Row(new CardRedraw(Contoso.Key("D1"), version),
            $"{Contoso.Key("D1")}:again-2", $"delivery:{Contoso.Key("D1")}", DateTimeOffset.UtcNow));
        await _dispatcher.DispatchAsync(10, CancellationToken.None);

        // the old gate card (stage 2 is over): drawn once more, in its final state
        Assert.Equal(before + 1, afterFirst);
        Assert.Equal(afterFirst, Puts()); // nothing had changed since
        Assert.True(Assert.Single(
            await _conversations.PostedCardsAsync(Contoso.Key("D1")), p => p.ActivityId == "m-old-gate").Final);

        await SayAsync("Pablo", "blocker D1 vendor API down");
        await _dispatcher.WhenIdleAsync();
        Assert.DoesNotContain(Connector.Sends.Skip(before), c => c.Path.EndsWith(
            "/m-old-gate", StringComparison.Ordinal) && c.Body.Contains("vendor", StringComparison.Ordinal));
        Assert.Equal(afterFirst + 1, Puts()); // only the status card shows the blocker
    }

    /// <summary>
    /// The card names the version at which what its buttons ask about last changed: a change to anything else leaves
    /// it as drawn, so it is not sent to Teams again, and its button, clicked as Teams shows it, still acts.
    /// </summary>
    [Fact]
    public async Task A_change_to_nothing_a_card_asks_about_does_not_update_it_and_its_button_still_acts()
    {
        await SayAsync("Dana", "status D3", "19:team", "groupChat");
        await SayAsync("Dana", "risk D3", "19:team", "groupChat");
        await SayAsync("Dana", "sla D3", "19:team", "groupChat");
        await RememberPostedAsync("D3", "schedule", Checks.ScheduleAcknowledgedByPla.Key, "m-schedule");
        // both drawn once as they are now
        await Bot.Services.GetRequiredService<IOutbox>().EnqueueAsync(OutboxKinds.Row(
            new CardRedraw(Contoso.Key("D3"), (await _store.FindAsync(Contoso.Key("D3")))!.Version),
            $"{Contoso.Key("D3")}:drawn", $"delivery:{Contoso.Key("D3")}", DateTimeOffset.UtcNow));
        await _dispatcher.DispatchAsync(10, CancellationToken.None);
        List<FakeConnector.ConnectorCall> Puts(string activity) => [.. Connector.Sends.Where(
            c => c.Method == "PUT" && c.Path.EndsWith($"/activities/{activity}", StringComparison.Ordinal))];
        var posted = await _conversations.PostedCardsAsync(Contoso.Key("D3"));
        var status = Assert.Single(posted, p => p.Template == "status").ActivityId;
        var risk = Assert.Single(posted, p => p.Template == "risk").ActivityId;
        var sla = Assert.Single(posted, p => p.Template == "sla").ActivityId;
        var (schedulePuts, statusPuts) = (Puts("m-schedule").Count, Puts(status).Count);
        var (riskPuts, slaPuts) = (Puts(risk).Count, Puts(sla).Count);

        await SayAsync("Pablo", "blocker D3 vendor API down");
        await SayAsync("Dana", "pause D3");
        await SayAsync("Pablo", "resolve D3-B1 vendor back up");
        await _dispatcher.WhenIdleAsync();

        // a blocker raised and resolved, reminders paused: nothing the schedule card, the risk register or the SLA
        // dashboard asks about
        Assert.Equal(schedulePuts, Puts("m-schedule").Count);
        Assert.Equal(riskPuts, Puts(risk).Count);
        Assert.Equal(slaPuts, Puts(sla).Count);
        Assert.True(Puts(status).Count > statusPuts, "the status card, which shows the blocker, was not updated");
        var shown = JsonDocument.Parse(Puts("m-schedule")[^1].Body).RootElement
            .GetProperty("attachments")[0].GetProperty("content").GetProperty("refresh").GetProperty("action")
            .GetProperty("data");
        var delivery = (await _store.FindAsync(Contoso.Key("D3")))!;
        Assert.True(shown.GetProperty("version").GetInt64() < delivery.Version);

        using var click = await PostAsync(Activities.Invoke(Connector.ServiceUrl, "gate.acknowledge",
            shown.GetRawText(), "oid-pablo", "Pablo", "click-schedule", replyToId: "m-schedule",
            conversationId: "a:personal-1"));
        click.EnsureSuccessStatusCode();
        Assert.NotNull((await _store.FindAsync(Contoso.Key("D3")))!.DecisionFor(Checks.ScheduleAcknowledgedByPla));
    }

    [Fact]
    public async Task After_120_status_posts_in_one_chat_a_change_updates_one_card_and_another_delivery_is_not_held_up()
    {
        // 119 copies of D2's status card in one chat, as a bot before this change left them (each redrawn on every
        // change), and the 120th `status D2` said now: the older copies are retired, each told once that it moved.
        for (var i = 1; i <= 119; i++)
            await _conversations.SavePostedCardAsync(new PostedCard(
                DeliveryId: Contoso.Key("D2"),
                Template: "status",
                Focus: "",
                ServiceUrl: Connector.ServiceUrl.ToString(),
                ConversationId: BusyChat,
                ActivityId: $"m-old-{i}",
                TenantId: Activities.Tenant,
                PostedAt: Scenario.Start.AddMinutes(i)));
        await SayAsync("Dana", "status D2", BusyChat, "groupChat");
        var living = Assert.Single(await _conversations.PostedCardsAsync(Contoso.Key("D2")));
        await Connector.WhenAsync(c => c.Method == "PUT" && c.Path.Contains("/m-old-", StringComparison.Ordinal))
            .WaitAsync(TimeSpan.FromSeconds(30));

        // Meanwhile D2 changes, and on D3 the Deployment Specialist's acknowledgement makes it Pablo's turn (his
        // check-in card).
        await SayAsync("Pablo", "blocker D2 vendor API down");
        var changed = Stopwatch.StartNew();
        await _deliveries.ExecuteAsync(Contoso.Key("D3"), new AcknowledgeGate(Checks.ScheduleAcknowledgedByPla.Key),
            "ack-pla", Cast.Pablo, "test");
        await _deliveries.ExecuteAsync(Contoso.Key("D3"), new AcknowledgeGate(
            Checks.ScheduleAcknowledgedByDeployment.Key), "ack-ds", Cast.Diego, "test");
        var card = await Connector.WhenAsync(
            c => c is { Method: "POST", Path: "/v3/conversations/a:personal-1/activities" }
            && c.Body.Contains("\"deliveryId\":\"D3\"", StringComparison.Ordinal)
                && c.Body.Contains("\"card\":\"checkin\"", StringComparison.Ordinal))
            .WaitAsync(TimeSpan.FromSeconds(30));
        var waited = changed.Elapsed;
        var movedMeanwhile = Connector.Sends.Count(
            c => c.Method == "PUT" && c.Path.Contains("/m-old-", StringComparison.Ordinal) && c.At <= card.At);
        output.WriteLine($"D3's card reached Pablo {waited.TotalMilliseconds:0} ms after the change, while " +
            $"{119 - movedMeanwhile} of 119 retired cards in the busy chat were still to be told");
        Assert.True(movedMeanwhile < 119,
            "the busy chat had finished before another chat's card went: nothing shows it was not held up");

        // D2's change reaches the busy chat as one update, of its living card, not of the 119 older copies.
        var redraw = await Connector.WhenAsync(
            c => c.Method == "PUT" && c.Path.EndsWith($"/{living.ActivityId}", StringComparison.Ordinal)
            && c.Body.Contains("vendor API down", StringComparison.Ordinal)).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Single(Connector.Sends, c => c.Method == "PUT"
            && c.Path.EndsWith($"/{living.ActivityId}", StringComparison.Ordinal));
        Assert.DoesNotContain(Connector.Sends, c => c.Path.Contains("/m-old-", StringComparison.Ordinal)
            && c.Body.Contains("vendor API down", StringComparison.Ordinal));
        output.WriteLine(
            $"D2's living status card was updated {(redraw.At - card.At).TotalMilliseconds:0} ms after D3's card went");
    }
}
