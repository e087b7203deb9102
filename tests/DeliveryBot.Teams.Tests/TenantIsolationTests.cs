using System.Text.Json;
using DeliveryBot.Application.Deliveries;
using DeliveryBot.Application.Messages;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Teams.Tests.Support;
using DeliveryBot.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace DeliveryBot.Teams.Tests;

/// <summary>
/// Two organisations on one bot. Contoso's D1 is planned (Pablo owes the schedule acknowledgement, Dana is its DM);
/// people of Fabrikam, even ones whose Entra ids match Contoso's people, reach it through no entry point: every
/// command, click and refresh answers as for an id that does not exist, and nothing of it is listed, shown or changed.
/// </summary>
public sealed class TenantIsolationTests : ChannelTest
{
    private const string Fabrikam = "tenant-fabrikam";
    private int _activities;

    private IDeliveryStore Store => Bot.Services.GetRequiredService<IDeliveryStore>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Assert.Equal("D1", await Store.NextDeliveryIdAsync(Activities.Tenant));
        await Store.SaveAsync(Contoso.Own(Scenario.Opened().Planned().Delivery), 0, Scenario.Start);
    }

    private async Task<Delivery> ContosoD1Async() => (await Store.FindAsync(Contoso.Key("D1")))!;

    /// <summary>What the bot answers a message from <paramref name="tenant"/> (text, or the card's JSON).</summary>
    private async Task<string> SayAsync(
        string text, string tenant, string fromOid = "oid-dana", string conversation = "a:personal-1")
    {
        var before = Connector.Sends.Count;
        using var response = await PostAsync(
            Activities.Message(Connector.ServiceUrl, text, conversationId: conversation, tenant: tenant,
            id: $"activity-{++_activities}", fromOid: fromOid, fromName: "Someone"));
        Assert.True(response.IsSuccessStatusCode, $"the bot answered {(int)response.StatusCode}");
        Assert.True(Connector.Sends.Count > before, $"no answer to '{text}'");
        var reply = JsonDocument.Parse(Connector.Sends[^1].Body).RootElement;
        return reply.TryGetProperty("text", out var t) && t.GetString() is { Length: > 0 } words ? words
            : reply.GetRawText();
    }

    private async Task<string> ClickAsync(
        string verb, string card, string focus, long version, string tenant, string fromOid)
    {
        var data = JsonSerializer.Serialize(new { card, deliveryId = "D1", focus, version });
        using var response = await PostAsync(Activities.Invoke(
            Connector.ServiceUrl, verb, data, fromOid, "Someone", $"activity-{++_activities}", tenant: tenant));
        Assert.True(response.IsSuccessStatusCode, $"the bot answered {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }

    [Theory]
    [InlineData("status D1")]
    [InlineData("record D1")]
    [InlineData("reminders D1")]
    [InlineData("plan D1")]
    [InlineData("risk D1")]
    [InlineData("update D1")]
    [InlineData("pause D1")]
    [InlineData("blocker D1 the vendor API is down")]
    [InlineData("escalate D1 the client is unhappy")]
    [InlineData("skip D1 5 the client deploys it")]
    [InlineData("close D1")]
    [InlineData("resolve D1-E1 sorted")]
    [InlineData("delegate D1 dm to sam@contoso.test until 2026-12-31")]
    public async Task Another_organisation_s_command_on_D1_answers_as_for_an_id_that_does_not_exist(string command)
    {
        var before = await ContosoD1Async();
        var unknown = await SayAsync(command.Replace("D1", "D77", StringComparison.Ordinal), Activities.Tenant);

        var answer = await SayAsync(command, Fabrikam); // Fabrikam's Dana: the same Entra id as Contoso's DM

        Assert.Equal(unknown.Replace("D77", "D1", StringComparison.Ordinal), answer);
        Assert.DoesNotContain("Contoso", answer, StringComparison.Ordinal);
        var after = await ContosoD1Async();
        Assert.Equal((before.Version, before.State.Audit.Count), (after.Version, after.State.Audit.Count));
    }

    [Fact]
    public async Task Another_organisation_lists_none_of_it_and_owes_nothing_on_it()
    {
        // the same words from its own organisation do show it
        Assert.Contains("Contoso Ltd", await SayAsync("list", Activities.Tenant));
        Assert.Contains("Contoso Ltd", await SayAsync("mine", Activities.Tenant, fromOid: "oid-pablo"));

        Assert.Equal("There are no open deliveries.", await SayAsync("list", Fabrikam));
        Assert.Equal("You owe nothing on any open delivery.", await SayAsync("mine", Fabrikam, fromOid: "oid-pablo"));
        Assert.Equal("You are not the Delivery Manager of any open delivery.",
            await SayAsync("delegate dm to sam@contoso.test until 2026-12-31", Fabrikam));
        Assert.Empty((await ContosoD1Async()).State.Delegations);
    }

    [Fact]
    public async Task Another_organisation_s_click_or_refresh_on_a_D1_card_finds_no_delivery_and_changes_nothing()
    {
        var before = await ContosoD1Async();
        var check = StageCatalog.Checks.ScheduleAcknowledgedByPla;

        var click = await ClickAsync("gate.acknowledge", "schedule", check.Key, before.Version, Fabrikam, "oid-pablo");
        var refresh = await ClickAsync("card.refresh", "status", "", before.Version, Fabrikam, "oid-pablo");

        Assert.Contains("There is no delivery D1.", click, StringComparison.Ordinal);
        Assert.Contains("There is no delivery D1.", refresh, StringComparison.Ordinal);
        Assert.DoesNotContain("Contoso", click + refresh, StringComparison.Ordinal);
        Assert.Null((await ContosoD1Async()).DecisionFor(check));
        Assert.Equal(before.Version, (await ContosoD1Async()).Version);
        // The same click from Contoso's Pablo is his acknowledgement.
        await ClickAsync("gate.acknowledge", "schedule", check.Key, before.Version, Activities.Tenant, "oid-pablo");
        Assert.NotNull((await ContosoD1Async()).DecisionFor(check));
    }

    [Fact]
    public async Task Ids_are_numbered_per_organisation_and_each_card_follows_only_its_own_delivery()
    {
        var deliveries = Bot.Services.GetRequiredService<DeliveryService>();
        var fabrikams = await deliveries.OpenAsync(Scenario.SampleIntake() with { Client = "Fabrikam Inc" },
            new ChangeSource("open-fabrikam", Cast.Dana, "test") { TenantId = Fabrikam });
        var contosos = await deliveries.OpenAsync(Scenario.SampleIntake(),
            new ChangeSource("open-contoso", Cast.Dana, "test") { TenantId = Activities.Tenant });

        // Fabrikam's first; Contoso's second
        Assert.Equal(("D1", "D2"), (fabrikams.Delivery!.Id, contosos.Delivery!.Id));
        Assert.Equal("Fabrikam Inc", (await Store.FindAsync(DeliveryKey.Of(Fabrikam, "D1")))!.State.Client);
        Assert.Equal("Contoso Ltd", (await ContosoD1Async()).State.Client);

        // Each organisation's status card of "D1", in its own chat, shows its own delivery.
        Assert.Contains("Fabrikam Inc", await SayAsync("status D1", Fabrikam, conversation: "19:fabrikam-chat"),
            StringComparison.Ordinal);
        Assert.Contains("Contoso Ltd", await SayAsync("status D1", Activities.Tenant, conversation: "19:contoso-chat"),
            StringComparison.Ordinal);
        var dispatcher = Bot.Services.GetRequiredService<OutboxDispatcher>();
        await dispatcher.WhenIdleAsync();
        var sendsBefore = Connector.Sends.Count;

        // Contoso's D1 changes: its card is redrawn in Contoso's chat, and nothing goes to Fabrikam's.
        var changed = await deliveries.ExecuteAsync(
            Contoso.Key("D1"), new Domain.Commands.RaiseBlocker("vendor API down"),
            new ChangeSource("blocker-1", Cast.Dana, "test") { TenantId = Activities.Tenant });
        Assert.True(changed.Outcome.Changed, changed.Outcome.Message);
        await dispatcher.WhenIdleAsync();

        var sent = Connector.Sends.Skip(sendsBefore).ToList();
        Assert.Contains(sent, c => c.Method == "PUT"
            && c.Path.StartsWith("/v3/conversations/19:contoso-chat/", StringComparison.Ordinal));
        Assert.DoesNotContain(sent, c => c.Path.Contains("fabrikam", StringComparison.Ordinal));
        Assert.All(sent, c => Assert.DoesNotContain("Fabrikam", c.Body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_same_intake_submission_id_from_another_organisation_opens_its_own_delivery()
    {
        var deliveries = Bot.Services.GetRequiredService<DeliveryService>();
        var first = await deliveries.OpenAsync(Scenario.SampleIntake(),
            new ChangeSource("same-activity-id", Cast.Dana, "test") { TenantId = Activities.Tenant });

        var other = await deliveries.OpenAsync(Scenario.SampleIntake() with { Client = "Fabrikam Inc" },
            new ChangeSource("same-activity-id", Cast.Dana, "test") { TenantId = Fabrikam });

        Assert.Equal(Contoso.Key("D2"), first.Delivery!.Key);
        Assert.Equal(DeliveryKey.Of(Fabrikam, "D1"), other.Delivery!.Key);
        Assert.Equal("Fabrikam Inc", other.Delivery.State.Client);
    }
}
