using System.Text;
using System.Text.Json;
using DeliveryBot.Application.Messages;
using DeliveryBot.Application.SignOff;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using DeliveryBot.Teams.Tests.Support;
using DeliveryBot.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Kiota.Abstractions.Authentication;

namespace DeliveryBot.Teams.Tests.Graph;

/// <summary>
/// `signoff D1 mail`: the bot emails a sign-off link to a client contact known by email, through Graph's sendMail (the
/// fake on loopback), as it sends any client message; the link is made from the record as the email goes, so the
/// outbox never holds a usable one, and one that stopped working on the way is not sent. Without Graph the DM is told
/// to send the link themselves.
/// </summary>
public sealed class SignOffMailTests : IAsyncLifetime
{
    private static readonly Person CoraByEmail = new(ObjectId: null, "cora@client.test", "Cora");
    private readonly ManualClock _clock = new(Scenario.Start.AddHours(1));
    private readonly string _database = Directory.CreateTempSubdirectory("deliverybot-signoff-mail-").FullName;
    private readonly List<ChannelFactory> _bots = [];
    private FakeConnector _connector = null!;
    private FakeGraph _graph = null!;
    private int _said;

    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        _graph = await FakeGraph.StartAsync();
        _graph.Users.Add(new("oid-dana", "Dana", "dana@contoso.test", "dana@contoso.test"));
    }

    /// <summary>A bot with sign-off links (with Graph or not), D1 handed over to Cora, known by email only.</summary>
    private async Task<ChannelFactory> BotAsync(bool withGraph)
    {
        var settings = withGraph ? _graph.Settings : [];
        settings["ConnectionStrings:DeliveryBot"] = $"Data Source={Path.Combine(_database, "bot.db")}";
        settings["SignOff:Keys:k1"] = "c2lnbi1vZmYgdGVzdCBrZXkgb2YgdGhpcnR5LXR3byBieXRlcyE=";
        settings["SignOff:PublicBaseUrl"] = "https://bot.contoso.test/";
        var bot = new ChannelFactory(settings)
        {
            Clock = _clock,
            TestServices = s => s.AddSingleton<IAccessTokenProvider>(new FakeGraph.StaticToken()),
        };
        _bots.Add(bot);
        var delivery = Scenario.Opened().HandoverSent().Delivery;
        await bot.Services.GetRequiredService<IDeliveryStore>().SaveAsync(
            Contoso.Own(delivery.WithHolder(Role.ClientContact, CoraByEmail)),
            0,
            Scenario.Start);
        return bot;
    }

    private async Task<string> SayAsync(ChannelFactory bot, string text)
    {
        var id = $"said-{++_said}";
        using var http = bot.CreateClient();
        using var response = await http.PostAsync(
            new Uri("/api/messages", UriKind.Relative),
            new StringContent(
                Activities.Message(_connector.ServiceUrl, text, id: id, fromOid: "oid-dana", fromName: "Dana"),
                Encoding.UTF8,
                "application/json"));
        Assert.True(response.IsSuccessStatusCode, $"the bot answered {(int)response.StatusCode}");
        var reply = _connector.Sends.Last(c => c.Path.EndsWith($"/activities/{id}", StringComparison.Ordinal));
        return JsonDocument.Parse(reply.Body).RootElement.GetProperty("text").GetString()!;
    }

    private static async Task SettledAsync(ChannelFactory bot)
    {
        var dispatcher = bot.Services.GetRequiredService<OutboxDispatcher>();
        await dispatcher.WhenIdleAsync();
        await dispatcher.DispatchAsync(50, CancellationToken.None);
        await dispatcher.WhenIdleAsync();
    }

    private static async Task<Delivery> NowAsync(ChannelFactory bot)
        => (await bot.Services.GetRequiredService<IDeliveryStore>().FindAsync(Contoso.Key("D1")))!;

    private static JsonElement Property(JsonElement json, string name)
        => json.EnumerateObject().Single(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Value;

    [Fact]
    public async Task The_link_is_emailed_to_the_client_contact_works_and_is_never_kept_in_the_outbox()
    {
        var bot = await BotAsync(withGraph: true);

        var answer = await SayAsync(bot, "signoff D1 mail");
        await SettledAsync(bot);

        Assert.StartsWith("✅ Sign-off link L1 issued for Cora", answer, StringComparison.Ordinal);
        Assert.Contains("being emailed to Cora (cora@client.test) from dana@contoso.test", answer,
            StringComparison.Ordinal);
        Assert.DoesNotContain("/signoff/", answer, StringComparison.Ordinal); // a mailed link is not shown
        var (from, body) = Assert.Single(_graph.Mails);
        Assert.Equal("dana@contoso.test", from);
        var message = Property(body, "message");
        Assert.Equal("Please confirm you received Invoice Triage Agent", Property(message, "subject").GetString());
        var to = Property(Assert.Single(Property(message, "toRecipients").EnumerateArray()), "emailAddress");
        Assert.Equal("cora@client.test", Property(to, "address").GetString());
        var text = Property(Property(message, "body"), "content").GetString()!;
        Assert.DoesNotContain("[sign-off link", text, StringComparison.Ordinal);
        var link = text.Split('\n')
            .Single(l => l.StartsWith("https://bot.contoso.test/signoff/", StringComparison.Ordinal));
        var token = Uri.UnescapeDataString(link["https://bot.contoso.test/signoff/".Length..]);
        // the emailed link opens the page: it is L1, and works
        var open = await bot.Services.GetRequiredService<ClientSignOff>().OpenAsync(token);
        Assert.Equal("L1", open!.Link.Id);
        // logged as a client message, sent by email
        var sent = Assert.Single(
            (await NowAsync(bot)).State.StatusUpdates, u => u.Type == CommunicationType.SignOffLink);
        Assert.Equal(
            (CommunicationState.Sent, "email", "cora@client.test"), (sent.State, sent.Channel, sent.To!.Email));
        // what waited in the outbox held the link's place, not the link
        var rows = await bot.Services.GetRequiredService<IOutbox>().ForDeliveryAsync(Contoso.Key("D1"));
        var row = Assert.Single(rows, r => r.Message.Kind == ClientMessage.OutboxKind);
        Assert.Contains("[sign-off link L1]", row.Message.Payload, StringComparison.Ordinal);
        Assert.DoesNotContain(rows, r => r.Message.Payload.Contains(token.Split('.')[^1], StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_link_that_stopped_working_before_it_went_is_not_sent_and_the_dm_hears_why()
    {
        var bot = await BotAsync(withGraph: true);
        var signOff = bot.Services.GetRequiredService<ClientSignOff>();
        await SayAsync(bot, "signoff D1 mail");
        await SettledAsync(bot);
        var draft = ClientMessageDraft(await bot.Services.GetRequiredService<IOutbox>()
            .ForDeliveryAsync(Contoso.Key("D1")));

        Assert.StartsWith("✅ Sign-off link L1 revoked", await SayAsync(bot, "signoff D1 revoke"),
            StringComparison.Ordinal);
        var (text, refusal) = signOff.WithLinks(await NowAsync(bot), draft);

        Assert.Null(text);
        Assert.Equal(
            "sign-off link L1 does not work any more (used, revoked or expired), so it was not sent.", refusal);
    }

    [Fact]
    public async Task A_failed_email_is_recorded_and_the_dm_is_told_to_send_a_new_link()
    {
        var bot = await BotAsync(withGraph: true);
        _graph.Script(403, body: """{"error":{"code":"ErrorAccessDenied","message":"Access is denied."}}""");

        await SayAsync(bot, "signoff D1 mail");
        await SettledAsync(bot);

        Assert.Empty(_graph.Mails);
        var failed = Assert.Single(
            (await NowAsync(bot)).State.StatusUpdates, u => u.Type == CommunicationType.SignOffLink);
        Assert.Equal(CommunicationState.Failed, failed.State);
        Assert.Contains(_connector.Sends, c => c.Body.Contains("the sign-off link to Cora did not go",
            StringComparison.Ordinal) && c.Body.Contains("signoff D1 mail", StringComparison.Ordinal));
        // a second one may go once the first is settled
        Assert.Contains("Sign-off link L2 issued", await SayAsync(bot, "signoff D1 mail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_graph_the_dm_is_told_to_send_the_link_themselves_and_nothing_is_issued()
    {
        var bot = await BotAsync(withGraph: false);

        var answer = await SayAsync(bot, "signoff D1 mail");

        Assert.Equal("I can't email from this bot: that needs Microsoft Graph. `signoff D1` gives you the link to send "
            + "yourself.", answer);
        Assert.Empty((await NowAsync(bot)).State.SignOffLinks);
        Assert.Empty(_graph.Calls);
    }

    private static string ClientMessageDraft(IReadOnlyList<OutboxItem> rows)
        => ((ClientMessage)OutboxKinds.Read(
            rows.Single(r => r.Message.Kind == ClientMessage.OutboxKind).Message)!).Text;

    public async Task DisposeAsync()
    {
        foreach (var bot in _bots) await bot.DisposeAsync();
        await _connector.DisposeAsync();
        await _graph.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_database, recursive: true); } catch (IOException) { }
    }
}
