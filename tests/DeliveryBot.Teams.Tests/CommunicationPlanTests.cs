using System.Text;
using System.Text.Json;
using DeliveryBot.Application.Messages;
using DeliveryBot.Application.Reminders;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Record;
using DeliveryBot.Teams.Tests.Support;
using DeliveryBot.TestKit;
using Microsoft.Extensions.DependencyInjection;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Teams.Tests;

/// <summary>
/// The release's communication plan through the real bot: on its day the DM gets the update card drafting the plan's
/// message; Post sends an internal one to each stakeholder in Teams, the changelog goes to the client through Send to
/// the client, Mark as sent logs any of them, and each is recorded once (a double click sends nothing more).
/// </summary>
public sealed class CommunicationPlanTests : IAsyncLifetime
{
    private const string ScopeTitle = "**Release scope finalized: Invoice Triage Agent for Contoso Ltd**";
    private readonly ManualClock _clock = new(Scenario.Start.AddHours(1));
    private FakeConnector _connector = null!;
    private ChannelFactory _bot = null!;
    private int _activities;

    /// <summary>D1 in stage 5, its window confirmed for Monday 30 March to Wednesday 1 April; Dana greeted.</summary>
    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        _bot = new ChannelFactory(new Dictionary<string, string?>()) { Clock = _clock };
        var s = Scenario.Opened().ToDeployment();
        s.Ok(Diego, new ConfirmDeploymentWindow(new(2026, 3, 30), new(2026, 4, 1)));
        await _bot.Services.GetRequiredService<IDeliveryStore>().SaveAsync(Contoso.Own(s.Delivery), 0, Scenario.Start);
        await SayAsync("Dana", "hello", "hello");
    }

    private async Task<Delivery> NowAsync()
        => (await _bot.Services.GetRequiredService<IDeliveryStore>().FindAsync(Contoso.Key("D1")))!;

    private async Task<string> SayAsync(string who, string text, string id)
    {
        using var http = _bot.CreateClient();
        await http.PostAsync(
            new Uri("/api/messages", UriKind.Relative),
            new StringContent(
                Activities.Message(
                    _connector.ServiceUrl, text, id: id, fromOid: $"oid-{who.ToLowerInvariant()}", fromName: who),
                Encoding.UTF8,
                "application/json"));
        var reply = _connector.Sends.LastOrDefault(c => c.Path.EndsWith($"/activities/{id}", StringComparison.Ordinal));
        return reply is null ? ""
            : JsonDocument.Parse(reply.Body).RootElement.GetProperty("text").GetString()!;
    }

    /// <summary>Dana clicks <paramref name="verb"/> on the update card for <paramref name="focus"/>: the answer.
    /// </summary>
    private async Task<string> ClickAsync(string verb, string focus, string? id = null, long? version = null)
    {
        var drawn = version ?? (await NowAsync()).Version;
        var data = $$"""{"card":"update","deliveryId":"D1","focus":"{{focus}}","version":{{drawn}},"""
            + """ "summary":"Sent as planned","channel":"Phone"}""";
        using var http = _bot.CreateClient();
        var answer = await http.PostActivityAsync(Activities.Invoke(
            serviceUrl: _connector.ServiceUrl,
            verb: verb,
            dataJson: data,
            fromOid: "oid-dana",
            fromName: "Dana",
            id: id ?? $"click-{++_activities}"));
        return JsonDocument.Parse(answer).RootElement.GetRawText()
            .Replace("\\u0027", "'", StringComparison.Ordinal);
    }

    private Task<string> CardAsync(string focus) => ClickAsync("card.refresh", focus);

    /// <summary>A scheduler pass, then everything in the outbox dealt with.</summary>
    private async Task PassAsync()
    {
        await _bot.Services.GetRequiredService<ReminderSweep>().RunAsync(50, CancellationToken.None);
        await SettledAsync();
    }

    private async Task SettledAsync()
    {
        var dispatcher = _bot.Services.GetRequiredService<OutboxDispatcher>();
        await dispatcher.WhenIdleAsync();
        await dispatcher.DispatchAsync(50, CancellationToken.None);
        await dispatcher.WhenIdleAsync();
    }

    private List<FakeConnector.ConnectorCall> Said(string text)
        => [.. _connector.Sends.Where(c => c.Method == "POST" && c.Body.Contains(text, StringComparison.Ordinal))];

    private List<FakeConnector.ConnectorCall> PlanCards(string focus)
        => [.. Said("\"card\":\"update\"")
            .Where(c => c.Body.Contains($"\"focus\":\"{focus}\"", StringComparison.Ordinal))];

    [Fact]
    public async Task On_its_day_the_dm_gets_the_drafted_card_once_and_reminders_lists_the_plan()
    {
        var listed = await SayAsync("Dana", "reminders D1", "r1");
        Assert.Contains("- Thu 2026-03-19 09:00 · Communication plan T-7 to Dana: Communication plan T-7, to internal "
            + "teams: Release scope finalized (due 2026-03-19)", listed, StringComparison.Ordinal);
        Assert.Contains("- Tue 2026-03-31 09:00 · Communication plan T+1 to Dana", listed, StringComparison.Ordinal);

        _clock.Set(new DateTimeOffset(2026, 3, 19, 8, 59, 0, TimeSpan.Zero));
        await PassAsync();
        Assert.Empty(PlanCards("ReleaseScopeFinalized"));

        _clock.Set(new DateTimeOffset(2026, 3, 19, 9, 1, 0, TimeSpan.Zero));
        await PassAsync();
        await PassAsync();

        var card = Assert.Single(PlanCards("ReleaseScopeFinalized")).Body;
        Assert.Contains("Release scope finalized: the draft for internal teams (T-7)", card, StringComparison.Ordinal);
        Assert.Contains("Deployment window: 30 March 2026 to 1 April 2026.", card, StringComparison.Ordinal);
        Assert.Contains("\"verb\":\"update.post\"", card, StringComparison.Ordinal);
        Assert.DoesNotContain("\"verb\":\"update.send\"", card, StringComparison.Ordinal);
        Assert.Contains("posts it in Teams to Ivy, Pablo, Quinn, Diego, Clara", card, StringComparison.Ordinal);
        Assert.Empty(PlanCards("GoNoGoDecision"));
    }

    [Fact]
    public async Task Post_sends_an_internal_message_to_each_stakeholder_in_teams_and_a_double_click_nothing_more()
    {
        var drawn = (await NowAsync()).Version;

        var posted = await ClickAsync("update.post", "ReleaseScopeFinalized", id: "press-1", version: drawn);
        var again = await ClickAsync("update.post", "ReleaseScopeFinalized", id: "press-2", version: drawn);
        await SettledAsync();

        Assert.Contains("It went (T-7, to internal teams).", posted, StringComparison.Ordinal);
        Assert.DoesNotContain("\"verb\":\"update.post\"", posted, StringComparison.Ordinal);
        Assert.Contains(
            "Release scope finalized: Sent as planned (posted by the bot in Teams to 5 stakeholders at "
                + "2026-03-02 11:00)",
            posted,
            StringComparison.Ordinal);
        Assert.Contains("nothing changed", again, StringComparison.Ordinal);
        // one message from the bot to each stakeholder but the client contact, none to Dana who posted it
        Assert.Equal(5, Said(ScopeTitle).Count);
        foreach (var oid in new[] { "oid-ivy", "oid-pablo", "oid-quinn", "oid-diego", "oid-clara" })
            Assert.Contains(
                _connector.Calls,
                c => c.Path.EndsWith("/v3/conversations", StringComparison.Ordinal)
                    && c.Body.Contains(oid, StringComparison.Ordinal));
        Assert.DoesNotContain(
            _connector.Calls,
            c => c.Path.EndsWith("/v3/conversations", StringComparison.Ordinal)
                && c.Body.Contains("oid-cora", StringComparison.Ordinal));
        var row = Assert.Single((await NowAsync()).State.StatusUpdates);
        Assert.Equal(
            (CommunicationType.ReleaseScopeFinalized, CommunicationState.Sent, "Teams to 5 stakeholders"),
            (row.Type, row.State, row.Channel));
        var record = await SayAsync("Dana", "record D1", "rec");
        Assert.Contains(
            "| T-7 | internal teams | Release scope finalized | 2026-03-19 | posted by the bot in Teams to 5 "
                + "stakeholders",
            record,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_changelog_goes_to_the_client_through_send_to_the_client()
    {
        var card = await CardAsync("ChangelogEmail");
        Assert.Contains("Changelog email: the draft for customers (T+1)", card, StringComparison.Ordinal);
        Assert.Contains("\"verb\":\"update.send\"", card, StringComparison.Ordinal);
        Assert.DoesNotContain("\"verb\":\"update.post\"", card, StringComparison.Ordinal);

        await ClickAsync("update.send", "ChangelogEmail");
        await SettledAsync();

        var said = Assert.Single(Said("**Changelog: Invoice Triage Agent for Contoso Ltd**"));
        Assert.Contains(
            "What is released: An agent that triages supplier invoices.", said.Body, StringComparison.Ordinal);
        var row = Assert.Single((await NowAsync()).State.StatusUpdates);
        Assert.Equal(
            (CommunicationType.ChangelogEmail, CommunicationState.Sent, "oid-cora"),
            (row.Type, row.State, row.To!.ObjectId));
        // the plan's internal message is not for the client: the button is not there, and a forced click is refused
        var forced = await ClickAsync("update.send", "GoNoGoDecision");
        Assert.Contains("is for the team, not the client", forced, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Before_the_window_is_confirmed_a_plan_card_has_no_button_to_send_it()
    {
        var store = _bot.Services.GetRequiredService<IDeliveryStore>();
        var now = await NowAsync();
        // (as it was before Diego confirmed it)
        var unwindowed = now.State with { DeploymentWindow = null, Version = now.Version + 1 };
        await store.SaveAsync(Delivery.Restore(unwindowed), now.Version, Scenario.Start);

        var card = await CardAsync("GoNoGoDecision");

        Assert.DoesNotContain("\"verb\":\"update.post\"", card, StringComparison.Ordinal);
        Assert.DoesNotContain("\"verb\":\"update.send\"", card, StringComparison.Ordinal);
        Assert.Contains(
            "The communication plan starts once the deployment window is confirmed.",
            await ClickAsync("update.post", "GoNoGoDecision"),
            StringComparison.Ordinal);
        Assert.Empty((await NowAsync()).State.StatusUpdates);
    }

    [Fact]
    public async Task Mark_as_sent_logs_it_the_card_says_it_went_and_a_second_one_is_refused()
    {
        await ClickAsync("update.sent", "ReleaseNotes");
        var second = await ClickAsync("update.sent", "ReleaseNotes");

        var row = Assert.Single((await NowAsync()).State.StatusUpdates);
        Assert.Equal((CommunicationType.ReleaseNotes, "Phone", null), (row.Type, row.Channel, row.SendId));
        Assert.Contains("The release notes already went: marked sent (Phone)", second, StringComparison.Ordinal);
        Assert.Contains(
            "It went (T-0, to customer success).", await CardAsync("ReleaseNotes"), StringComparison.Ordinal);
        Assert.DoesNotContain("Release notes", await SayAsync("Dana", "reminders D1", "r2"), StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _connector.DisposeAsync();
    }
}
