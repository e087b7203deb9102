using System.Text;
using System.Text.Json;
using DeliveryBot.Application.Messages;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using DeliveryBot.Teams.Tests.Support;
using DeliveryBot.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Kiota.Abstractions.Authentication;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Teams.Tests.Graph;

/// <summary>
/// Client messages the bot sends when the DM presses Send on the update card: to a client contact in Teams as a
/// message from the bot, to one known by email through Graph's sendMail (the fake on loopback); how each went is
/// written back to the record, the DM is told of a failure, and Mark sent is there in every case.
/// </summary>
public sealed class ClientMessageSendTests : IAsyncLifetime
{
    private const string Subject = "Status update: Invoice Triage Agent for Contoso Ltd";
    private static readonly Person CoraByEmail = new(ObjectId: null, "cora@client.test", "Cora");

    private readonly ManualClock _clock = new(Scenario.Start.AddHours(1));
    private readonly string _database = Directory.CreateTempSubdirectory("deliverybot-client-").FullName;
    private readonly List<ChannelFactory> _bots = [];
    private FakeConnector _connector = null!;
    private FakeGraph _graph = null!;
    private int _activities;

    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        _graph = await FakeGraph.StartAsync();
        _graph.Users.Add(new("oid-dana", "Dana", "dana@contoso.test", "dana@contoso.test"));
        _graph.Users.Add(new("oid-deliveries", "Deliveries", "deliveries@contoso.test", "deliveries@contoso.test"));
    }

    /// <summary>
    /// A bot on the test's database (with Graph or not): D1 in production with <paramref name="client"/> as its client
    /// contact, stored by the first bot, and Dana has talked to it.
    /// </summary>
    private async Task<ChannelFactory> BotAsync(
        bool withGraph,
        Person client,
        string node = "node-a",
        string? sharedMailbox = null,
        Func<Scenario>? scenario = null)
    {
        var settings = withGraph ? _graph.Settings : [];
        settings["ConnectionStrings:DeliveryBot"] = $"Data Source={Path.Combine(_database, "bot.db")}";
        settings["Reminders:Node"] = node;
        if (sharedMailbox is not null) settings["Graph:SharedMailbox"] = sharedMailbox;
        var bot = new ChannelFactory(settings)
        {
            Clock = _clock,
            TestServices = s => s.AddSingleton<IAccessTokenProvider>(new FakeGraph.StaticToken()),
        };
        _bots.Add(bot);
        var store = bot.Services.GetRequiredService<IDeliveryStore>();
        if (await store.FindAsync(Contoso.Key("D1")) is not null) return bot;
        var delivery = (scenario ?? (() => Scenario.Opened().ToProduction()))().Delivery;
        await store.SaveAsync(
            Contoso.Own(delivery.WithHolder(Role.ClientContact, client)),
            0,
            Scenario.Start);
        using var http = bot.CreateClient();
        await http.PostAsync(
            new Uri("/api/messages", UriKind.Relative),
            new StringContent(
                Activities.Message(_connector.ServiceUrl, "hello", id: "hello", fromOid: "oid-dana", fromName: "Dana"),
                Encoding.UTF8,
                "application/json"));
        return bot;
    }

    private static async Task<Delivery> NowAsync(ChannelFactory bot)
        => (await bot.Services.GetRequiredService<IDeliveryStore>().FindAsync(Contoso.Key("D1")))!;

    /// <summary>
    /// Dana clicks <paramref name="verb"/> on <paramref name="card"/> (the status update card unless said; drawn at
    /// <paramref name="version"/>, else now), summary "Weekly update", channel "Phone"; the card the bot answers with,
    /// as JSON text.
    /// </summary>
    private async Task<string> ClickAsync(
        ChannelFactory bot,
        string verb,
        string? id = null,
        long? version = null,
        string card = "update",
        string focus = "StatusUpdate")
    {
        var drawn = version ?? (await NowAsync(bot)).Version;
        var data = $$"""{"card":"{{card}}","deliveryId":"D1","focus":"{{focus}}","version":{{drawn}},"""
            + """ "summary":"Weekly update","channel":"Phone","initialSummary":"Weekly update"}""";
        using var http = bot.CreateClient();
        var answer = await http.PostActivityAsync(Activities.Invoke(
            serviceUrl: _connector.ServiceUrl,
            verb: verb,
            dataJson: data,
            fromOid: "oid-dana",
            fromName: "Dana",
            id: id ?? $"click-{++_activities}"));
        return JsonDocument.Parse(answer).RootElement
            .GetRawText()
            .Replace("\\u0027", "'", StringComparison.Ordinal);
    }

    /// <summary>The update card as Dana sees it now.</summary>
    private Task<string> CardAsync(ChannelFactory bot) => ClickAsync(bot, "card.refresh");

    /// <summary>Everything written to the outbox so far has been dealt with (sent, given up or put back).</summary>
    private static async Task SettledAsync(ChannelFactory bot)
    {
        var dispatcher = bot.Services.GetRequiredService<OutboxDispatcher>();
        await dispatcher.WhenIdleAsync();
        await dispatcher.DispatchAsync(50, CancellationToken.None);
        await dispatcher.WhenIdleAsync();
    }

    /// <summary>A property of a JSON object by its name in any case, as Graph reads a request.</summary>
    private static JsonElement Property(JsonElement json, string name)
        => json.EnumerateObject().Single(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Value;

    private IEnumerable<FakeConnector.ConnectorCall> MessagesToTheClient()
        => _connector.Sends.Where(c => c.Body.Contains($"**{Subject}**", StringComparison.Ordinal));

    [Theory]
    [InlineData(null, "dana@contoso.test")]
    [InlineData("deliveries@contoso.test", "deliveries@contoso.test")]
    public async Task Send_by_email_goes_through_graph_sendmail_to_the_client_contact_and_is_recorded_sent(
        string? sharedMailbox, string mailbox)
    {
        var bot = await BotAsync(withGraph: true, CoraByEmail, sharedMailbox: sharedMailbox);
        var card = await CardAsync(bot);
        Assert.Contains("\"verb\":\"update.send\"", card, StringComparison.Ordinal);
        Assert.Contains("\"verb\":\"update.sent\"", card, StringComparison.Ordinal);
        Assert.Contains($"emails it to Cora (cora@client.test) from {mailbox}", card, StringComparison.Ordinal);

        await ClickAsync(bot, "update.send");
        await SettledAsync(bot);

        var (from, body) = Assert.Single(_graph.Mails);
        Assert.Equal(mailbox, from);
        Assert.Contains(_graph.Calls, c => c.Method == "POST" && c.Path == $"/users/{mailbox}/sendMail");
        // (the SDK writes the action's parameters as "Message" and "SaveToSentItems": Graph reads them in any case)
        var message = Property(body, "message");
        Assert.Equal(Subject, Property(message, "subject").GetString());
        Assert.Equal("text", Property(Property(message, "body"), "contentType").GetString());
        Assert.StartsWith(
            $"{Subject}\n\nWhere we are: In Production",
            Property(Property(message, "body"), "content").GetString(),
            StringComparison.Ordinal);
        var to = Property(Assert.Single(Property(message, "toRecipients").EnumerateArray()), "emailAddress");
        Assert.Equal(
            ("cora@client.test", "Cora"), (Property(to, "address").GetString(), Property(to, "name").GetString()));
        Assert.True(Property(body, "saveToSentItems").GetBoolean());
        var sent = Assert.Single((await NowAsync(bot)).State.StatusUpdates);
        Assert.Equal((CommunicationState.Sent, "email"), (sent.State, sent.Channel));
        Assert.Contains(
            "Weekly update (sent by email at 2026-03-02 11:00)", await CardAsync(bot), StringComparison.Ordinal);
        Assert.Empty(MessagesToTheClient());
        Assert.Contains(
            await bot.Services.GetRequiredService<IOutbox>().ForDeliveryAsync(Contoso.Key("D1")),
            r => r.Message.Kind == ClientMessage.OutboxKind && r.State == OutboxState.Sent);
    }

    [Fact]
    public async Task Send_to_a_client_contact_in_teams_is_a_message_from_the_bot_in_their_chat()
    {
        var bot = await BotAsync(withGraph: false, Cora);
        Assert.Contains("sends it to Cora in Teams", await CardAsync(bot), StringComparison.Ordinal);

        await ClickAsync(bot, "update.send");
        await SettledAsync(bot);

        // the bot opened its chat with Cora, in the delivery's organisation, and said the update there
        var opened = Assert.Single(
            _connector.Calls,
            c => c.Method == "POST" && c.Path.EndsWith("/v3/conversations", StringComparison.Ordinal)
                && c.Body.Contains("oid-cora", StringComparison.Ordinal));
        Assert.Contains("tenant-contoso", opened.Body, StringComparison.Ordinal);
        var said = Assert.Single(MessagesToTheClient());
        Assert.Contains("\"type\":\"message\"", said.Body, StringComparison.Ordinal);
        Assert.Contains("Where we are: In Production", said.Body, StringComparison.Ordinal);
        var sent = Assert.Single((await NowAsync(bot)).State.StatusUpdates);
        Assert.Equal((CommunicationState.Sent, "Teams", "oid-cora"), (sent.State, sent.Channel, sent.To!.ObjectId));
        Assert.Empty(_graph.Calls);
    }

    [Fact]
    public async Task A_graph_failure_is_recorded_failed_the_dm_is_told_why_and_mark_sent_still_works()
    {
        var bot = await BotAsync(withGraph: true, CoraByEmail);
        _graph.Script(403, body: """{"error":{"code":"ErrorAccessDenied","message":"Access is denied."}}""");

        await ClickAsync(bot, "update.send");
        await SettledAsync(bot);

        Assert.Empty(_graph.Mails);
        var failed = Assert.Single((await NowAsync(bot)).State.StatusUpdates);
        Assert.Equal(CommunicationState.Failed, failed.State);
        Assert.Contains("Mail.Send application permission", failed.Failure, StringComparison.Ordinal);
        Assert.Contains(
            _connector.Sends,
            c => c.Body.Contains("the status update to Cora did not go", StringComparison.Ordinal)
                && c.Body.Contains("Mail.Send", StringComparison.Ordinal));
        var card = await CardAsync(bot);
        Assert.Contains("(failed: Microsoft Graph refused (403 ErrorAccessDenied)", card, StringComparison.Ordinal);
        Assert.Contains("\"verb\":\"update.sent\"", card, StringComparison.Ordinal);
        Assert.Contains("\"verb\":\"update.send\"", card, StringComparison.Ordinal);

        await ClickAsync(bot, "update.sent");

        var marked = (await NowAsync(bot)).State.StatusUpdates;
        Assert.Equal(2, marked.Count);
        Assert.Equal((CommunicationState.Sent, null, "Phone"), (marked[1].State, marked[1].SendId, marked[1].Channel));
    }

    [Fact]
    public async Task Without_graph_a_client_known_by_email_has_no_send_button_and_mark_sent_stays()
    {
        var bot = await BotAsync(withGraph: false, CoraByEmail);

        var card = await CardAsync(bot);
        var forced = await ClickAsync(bot, "update.send");

        Assert.DoesNotContain("\"verb\":\"update.send\"", card, StringComparison.Ordinal);
        Assert.Contains("\"verb\":\"update.sent\"", card, StringComparison.Ordinal);
        Assert.Contains("email needs Microsoft Graph", forced, StringComparison.Ordinal);
        Assert.Empty((await NowAsync(bot)).State.StatusUpdates);
        Assert.DoesNotContain(
            await bot.Services.GetRequiredService<IOutbox>().ForDeliveryAsync(Contoso.Key("D1")),
            r => r.Message.Kind == ClientMessage.OutboxKind);
        await ClickAsync(bot, "update.sent");
        Assert.Single((await NowAsync(bot)).State.StatusUpdates);
        Assert.Empty(_graph.Calls);
    }

    [Fact]
    public async Task A_teams_retry_and_a_double_click_send_it_once()
    {
        var bot = await BotAsync(withGraph: false, Cora);
        var drawn = (await NowAsync(bot)).Version;

        await ClickAsync(bot, "update.send", id: "press-1", version: drawn);
        var retried = await ClickAsync(bot, "update.send", id: "press-1", version: drawn);
        var again = await ClickAsync(bot, "update.send", id: "press-2", version: drawn);
        await SettledAsync(bot);

        Assert.Single(MessagesToTheClient());
        Assert.Single((await NowAsync(bot)).State.StatusUpdates);
        Assert.Contains("nothing changed", again, StringComparison.Ordinal);
        Assert.DoesNotContain("nothing changed", retried, StringComparison.Ordinal);
        Assert.Single(
            await bot.Services.GetRequiredService<IOutbox>().ForDeliveryAsync(Contoso.Key("D1")),
            r => r.Message.Kind == ClientMessage.OutboxKind);
    }

    [Fact]
    public async Task A_send_that_crashed_half_way_is_not_sent_again_and_the_dm_is_told_to_check_the_sent_items()
    {
        // Graph takes the mail and its answer never comes back: the instance sending it is as good as dead
        _graph.HoldMailAnswers = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var crashed = await BotAsync(withGraph: true, CoraByEmail);
        await ClickAsync(crashed, "update.send");
        await _graph.MailArrived.WaitAsync(TimeSpan.FromSeconds(30));

        // another instance on the same database finds the row once the send's time in flight is over
        _clock.Advance(ClientMessageSender.InFlightFor + TimeSpan.FromMinutes(1));
        var other = await BotAsync(withGraph: true, CoraByEmail, node: "node-b");
        await SettledAsync(other);

        Assert.Single(_graph.Mails);
        var failed = Assert.Single((await NowAsync(other)).State.StatusUpdates);
        Assert.Equal(CommunicationState.Failed, failed.State);
        Assert.Contains(
            "cannot tell whether it reached Cora: check the Sent Items of dana@contoso.test",
            failed.Failure,
            StringComparison.Ordinal);
        Assert.Contains(
            _connector.Sends,
            c => c.Body.Contains("did not go", StringComparison.Ordinal)
                && c.Body.Contains("cannot tell", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Initial_and_handover_messages_go_from_their_cards_and_the_handover_counts_once_it_went()
    {
        var bot = await BotAsync(withGraph: false, Cora, scenario: () =>
        {
            var s = Scenario.Opened().ToHandover();
            s.Ok(Dana, new Domain.Commands.PrepareHandover(Scenario.SamplePackage));
            return s;
        });
        Assert.Contains(
            "\"verb\":\"plan.initial-send\"",
            await ClickAsync(bot, "card.refresh", card: "planning", focus: ""),
            StringComparison.Ordinal);
        Assert.Contains(
            "\"verb\":\"handover.send\"",
            await ClickAsync(bot, "card.refresh", card: "handover", focus: ""),
            StringComparison.Ordinal);

        await ClickAsync(bot, "plan.initial-send", card: "planning", focus: "");
        await ClickAsync(bot, "handover.send", card: "handover", focus: "");
        await SettledAsync(bot);

        Assert.Single(_connector.Sends, c => c.Body.Contains(
            "**Delivery of Invoice Triage Agent for Contoso Ltd**", StringComparison.Ordinal));
        Assert.Single(_connector.Sends, c => c.Body.Contains(
            "**Handover: Invoice Triage Agent for Contoso Ltd**", StringComparison.Ordinal));
        var now = await NowAsync(bot);
        Assert.All(now.State.StatusUpdates, u => Assert.Equal(CommunicationState.Sent, u.State));
        Assert.NotNull(now.ActualDeliveryDate);
        // the handover went, so the client is asked to acknowledge it
        Assert.Contains(_connector.Sends, c => c.Body.Contains("\"card\":\"client-ack\"", StringComparison.Ordinal));
        Assert.Contains(
            "Handover communication sent 2026-03-02 11:00 (Teams)",
            await ClickAsync(bot, "card.refresh", card: "handover", focus: ""),
            StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        foreach (var bot in _bots) await bot.DisposeAsync();
        _graph.HoldMailAnswers?.TrySetResult();
        await _connector.DisposeAsync();
        await _graph.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_database, recursive: true); } catch (IOException) { }
    }
}
