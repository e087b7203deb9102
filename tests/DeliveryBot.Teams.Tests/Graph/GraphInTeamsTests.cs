using System.Text;
using DeliveryBot.Application.Messages;
using DeliveryBot.Application.Reminders;
using DeliveryBot.Application.Storage;
using DeliveryBot.Teams.Tests.Support;
using DeliveryBot.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Kiota.Abstractions.Authentication;

namespace DeliveryBot.Teams.Tests.Graph;

/// <summary>
/// The directory at work in the bot: a nudge to someone Teams will not open a chat with (the bot is not installed for
/// them) installs the app through Graph and goes to the chat it answers with; without Graph, the DM is told why not.
/// </summary>
public sealed class GraphInTeamsTests : IAsyncLifetime
{
    private readonly ManualClock _clock = new(Scenario.Start);
    private FakeConnector _connector = null!;
    private FakeGraph _graph = null!;

    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        _graph = await FakeGraph.StartAsync();
        _graph.Users.Add(new("oid-pablo", "Pablo", "pablo@contoso.test", "pablo@contoso.test"));
        _graph.Users.Add(new("oid-diego", "Diego", "diego@contoso.test", "diego@contoso.test"));
    }

    private async Task<ChannelFactory> BotAsync(bool withGraph)
    {
        var settings = withGraph ? _graph.Settings : [];
        var bot = new ChannelFactory(settings)
        {
            Clock = _clock,
            TestServices = s => s.AddSingleton<IAccessTokenProvider>(new FakeGraph.StaticToken()),
        };
        await bot.Services.GetRequiredService<IDeliveryStore>()
            .SaveAsync(Contoso.Own(Scenario.Opened().Planned().Delivery), 0, Scenario.Start);
        // Dana has talked to the bot, so it knows the tenant; Pablo and Diego never have.
        using var http = bot.CreateClient();
        await http.PostAsync(
            new Uri("/api/messages", UriKind.Relative),
            new StringContent(
                Activities.Message(_connector.ServiceUrl, "hello", fromOid: "oid-dana", fromName: "Dana"),
                Encoding.UTF8,
                "application/json"));
        return bot;
    }

    /// <summary>
    /// The nudges fall due (Tuesday 13:00); Teams refuses to open both chats when told to (the bot is not installed for
    /// them).
    /// </summary>
    private async Task NudgeWithChatsRefusedAsync(ChannelFactory bot, bool refuse = true)
    {
        _clock.Set(Scenario.Start.AddDays(1).AddHours(3));
        const string notInstalled =
            """{"error":{"code":"Forbidden","message":"The bot is not installed for this user"}}""";
        if (refuse)
            _connector.ScriptFor("POST", "/v3/conversations", (403, null, notInstalled), (403, null, notInstalled));
        var dispatcher = bot.Services.GetRequiredService<OutboxDispatcher>();
        // its saves wake the dispatcher
        await bot.Services.GetRequiredService<ReminderSweep>().RunAsync(50, CancellationToken.None);
        await dispatcher.WhenIdleAsync();
        await dispatcher.DispatchAsync(50, CancellationToken.None);
        await dispatcher.WhenIdleAsync();
    }

    [Fact]
    public async Task A_nudge_to_someone_whose_automatic_replies_are_on_offers_the_dm_a_delegation_until_they_are_back()
    {
        _graph.Users[0] = _graph.Users[0] with
        {
            AutomaticReplies = new
            {
                status = "scheduled",
                scheduledStartDateTime = new { dateTime = "2026-03-02T17:00:00", timeZone = "UTC" },
                scheduledEndDateTime = new { dateTime = "2026-03-09T09:00:00", timeZone = "UTC" }
            },
        };
        await using var bot = await BotAsync(withGraph: true);

        await NudgeWithChatsRefusedAsync(bot, refuse: false);

        var told = System.Text.Json.JsonDocument
            .Parse(Assert.Single(_connector.Sends, c => c.Body.Contains("is away", StringComparison.Ordinal)).Body)
            .RootElement.GetProperty("text").GetString();
        Assert.Contains("Pablo is away (automatic replies on until 2026-03-08)", told, StringComparison.Ordinal);
        Assert.Contains("`delegate D1 pla to <@person or email> until 2026-03-08`", told, StringComparison.Ordinal);
        // the nudge still goes, for when they are back
        Assert.Contains(_connector.Sends, c => c.Body.Contains("\"card\":\"nudge\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_person_without_the_bot_gets_it_installed_through_graph_and_the_nudge_in_its_chat()
    {
        await using var bot = await BotAsync(withGraph: true);

        await NudgeWithChatsRefusedAsync(bot);

        Assert.True(_graph.IsInstalledFor("oid-pablo") && _graph.IsInstalledFor("oid-diego"));
        Assert.Contains(
            _connector.Sends,
            c => c.Path == "/v3/conversations/19:oid-pablo_bot@unq.gbl.spaces/activities"
                && c.Body.Contains("\"card\":\"nudge\"", StringComparison.Ordinal));
        Assert.Contains(
            _connector.Sends,
            c => c.Path == "/v3/conversations/19:oid-diego_bot@unq.gbl.spaces/activities");
        Assert.All(
            await bot.Services.GetRequiredService<IOutbox>().ForDeliveryAsync(Contoso.Key("D1")),
            r => Assert.Equal(OutboxState.Sent, r.State));
    }

    [Fact]
    public async Task Without_graph_the_dm_is_told_the_person_is_unreachable_and_why_the_app_was_not_installed()
    {
        await using var bot = await BotAsync(withGraph: false);

        await NudgeWithChatsRefusedAsync(bot);
        // the notices to the DM, from the outbox
        await bot.Services.GetRequiredService<OutboxDispatcher>().DispatchAsync(50, CancellationToken.None);

        Assert.Contains(_connector.Sends, c => c.Body.Contains("t reach Pablo in Teams (403", StringComparison.Ordinal)
            && c.Body.Contains("Microsoft Graph is not configured", StringComparison.Ordinal));
        var rows = await bot.Services.GetRequiredService<IOutbox>().ForDeliveryAsync(Contoso.Key("D1"));
        Assert.All(
            rows.Where(r => r.Message.Kind == ReminderMessage.OutboxKind),
            r => Assert.Equal(OutboxState.Dead, r.State));
        // Pablo's and Diego's
        Assert.Equal(2, rows.Count(r => r.Message.Kind == Notice.OutboxKind && r.State == OutboxState.Sent));
        Assert.Empty(_graph.Calls);
    }

    [Fact]
    public async Task A_stakeholder_given_by_email_is_found_in_the_directory_with_their_time_zone()
    {
        _graph.Users.Add(new(
            Id: "oid-quinn2",
            DisplayName: "Quinn Berg",
            Mail: "quinn.berg@contoso.test",
            Upn: "quinn.berg@contoso.test",
            TimeZone: "W. Europe Standard Time"));
        await using var bot = await BotAsync(withGraph: true);
        using var response = await AssignAsync(bot, "qa", "quinn.berg@contoso.test", "assign-1");

        response.EnsureSuccessStatusCode();
        var qa = (await bot.Services.GetRequiredService<IDeliveryStore>().FindAsync(Contoso.Key("D1")))!
            .HolderOf(Domain.People.Role.QaEngineer)!;
        Assert.Equal(("oid-quinn2", "Quinn Berg", "Europe/Berlin"), (qa.ObjectId, qa.DisplayName, qa.TimeZoneId));
    }

    [Fact]
    public async Task A_directory_that_makes_a_click_wait_too_long_is_not_waited_for()
    {
        _graph.Users.Add(new("oid-quinn2", "Quinn Berg", "quinn.berg@contoso.test", "quinn.berg@contoso.test"));
        _graph.Script(429, retryAfter: "10", body: """{"error":{"code":"TooManyRequests","message":"throttled"}}""");
        await using var bot = await BotAsync(withGraph: true);
        using var response = await AssignAsync(bot, "qa", "quinn.berg@contoso.test", "assign-3");

        // Graph asked for 10 s; the click gave it 3 and went on without it: Quinn is known by email until a later
        // lookup.
        response.EnsureSuccessStatusCode();
        var qa = (await bot.Services.GetRequiredService<IDeliveryStore>().FindAsync(Contoso.Key("D1")))!
            .HolderOf(Domain.People.Role.QaEngineer)!;
        Assert.Equal((null, "quinn.berg@contoso.test"), (qa.ObjectId, qa.Email));
    }

    [Fact]
    public async Task Someone_the_directory_does_not_know_stays_known_by_email_only()
    {
        await using var bot = await BotAsync(withGraph: true);
        using var response = await AssignAsync(bot, "client", "cora@client.example", "assign-2");

        response.EnsureSuccessStatusCode();
        var delivery = (await bot.Services.GetRequiredService<IDeliveryStore>().FindAsync(Contoso.Key("D1")))!;
        Assert.Contains(delivery.State.Stakeholders, s => s.Person is { ObjectId: null, Email: "cora@client.example" });
        Assert.Contains(_graph.Calls, c => c.Path.StartsWith("/users/cora@client.example", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Someone_teams_refuses_is_shown_unreachable_on_the_status_card_until_a_later_message_reaches_them()
    {
        await using var bot = await BotAsync(withGraph: false);
        await NudgeWithChatsRefusedAsync(bot);

        Assert.Contains("Pablo (unreachable in Teams: 403", await StatusTextAsync(bot, "s1"), StringComparison.Ordinal);

        // Wednesday: the next nudges go, and Teams takes them now (the app was installed meanwhile).
        _clock.Set(Scenario.Start.AddDays(2).AddHours(3).AddMinutes(1));
        var settled = bot.Services.GetRequiredService<OutboxDispatcher>();
        await bot.Services.GetRequiredService<ReminderSweep>().RunAsync(50, CancellationToken.None);
        await settled.WhenIdleAsync();
        await bot.Services.GetRequiredService<OutboxDispatcher>().DispatchAsync(50, CancellationToken.None);
        await settled.WhenIdleAsync();

        var status = await StatusTextAsync(bot, "s2");
        Assert.DoesNotContain("unreachable", status, StringComparison.Ordinal);
        Assert.Contains("Pablo", status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reminder_to_someone_known_by_email_only_goes_to_them_once_the_directory_knows_them()
    {
        _graph.Users.Add(new("oid-ivy", "Ivy", "ivy@contoso.test", "ivy@contoso.test"));
        await using var bot = await BotAsync(withGraph: true);
        // Ivy owes the client timeline acknowledgement, known here by email only
        var opened = Scenario.Opened().Delivery.State;
        var byEmail = new Domain.People.Person(
            ObjectId: null, Email: "ivy@contoso.test", DisplayName: "ivy@contoso.test");
        await bot.Services.GetRequiredService<IDeliveryStore>().SaveAsync(
            Contoso.Own(Domain.Deliveries.Delivery.Restore(opened with
            {
                Id = "D2",
                Stakeholders =
                [
                    .. opened.Stakeholders.Select(s => s.Person.IsSameAs(Cast.Ivy) ? s with { Person = byEmail } : s),
                ],
            })),
            0,
            Scenario.Start);

        // Tuesday 10:01: 8 business hours unanswered
        _clock.Set(Scenario.Start.AddDays(1).AddMinutes(1));
        await bot.Services.GetRequiredService<ReminderSweep>().RunAsync(50, CancellationToken.None);
        await bot.Services.GetRequiredService<OutboxDispatcher>().DispatchAsync(50, CancellationToken.None);

        Assert.Contains(
            _connector.Calls,
            c => c.Path.EndsWith("/v3/conversations", StringComparison.Ordinal)
                && c.Body.Contains("oid-ivy", StringComparison.Ordinal));
        var ivys = (await bot.Services.GetRequiredService<IOutbox>().ForDeliveryAsync(Contoso.Key("D2")))
            .Where(r => r.Message.RecipientKey == byEmail.Key)
            .ToList();
        Assert.NotEmpty(ivys);
        Assert.All(ivys, r => Assert.Equal(OutboxState.Sent, r.State));
    }

    /// <summary>
    /// Dana gives a role to someone by email on the planning card (plan.assign, on the card's current version).
    /// </summary>
    private async Task<HttpResponseMessage> AssignAsync(ChannelFactory bot, string role, string email, string id)
    {
        var version = (await bot.Services.GetRequiredService<IDeliveryStore>().FindAsync(Contoso.Key("D1")))!.Version;
        using var http = bot.CreateClient();
        var data = $$"""{"card":"planning","deliveryId":"D1","focus":"","version":{{version}},"role":"{{role}}","per"""
            + $$"""son":"{{email}}"}""";
        return await http.PostAsync(
            new Uri("/api/messages", UriKind.Relative),
            new StringContent(
                Activities.Invoke(
                    serviceUrl: _connector.ServiceUrl,
                    verb: "plan.assign",
                    dataJson: data,
                    fromOid: "oid-dana",
                    fromName: "Dana",
                    id: id),
                Encoding.UTF8,
                "application/json"));
    }

    /// <summary>`status D1` from Dana, and the text of the status card the bot answers with.</summary>
    private async Task<string> StatusTextAsync(ChannelFactory bot, string id)
    {
        using var http = bot.CreateClient();
        await http.PostAsync(
            new Uri("/api/messages", UriKind.Relative),
            new StringContent(
                Activities.Message(_connector.ServiceUrl, "status D1", id: id, fromOid: "oid-dana", fromName: "Dana"),
                Encoding.UTF8,
                "application/json"));
        var card = _connector.Sends.Last(c => c.Path.EndsWith($"/activities/{id}", StringComparison.Ordinal));
        return System.Text.Json.JsonDocument.Parse(card.Body)
            .RootElement
            .GetRawText()
            .Replace("\\u0027", "'", StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        await _connector.DisposeAsync();
        await _graph.DisposeAsync();
    }
}
