using System.Text;
using DeliveryBot.Application.Messages;
using DeliveryBot.Application.Reminders;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Incidents;
using DeliveryBot.Teams.Tests.Support;
using DeliveryBot.TestKit;
using Microsoft.Extensions.DependencyInjection;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Teams.Tests;

/// <summary>
/// The error budget alert through the real bot: the scheduler's pass sends the DM and the CTO the SLA card in their
/// 1:1 chat, the figures in its summary, once each, however many passes follow.
/// </summary>
public sealed class ErrorBudgetAlertTests : IAsyncLifetime
{
    private readonly ManualClock _clock = new(Scenario.Start.AddHours(1));
    private FakeConnector _connector = null!;
    private ChannelFactory _bot = null!;

    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        _bot = new ChannelFactory(new Dictionary<string, string?>()) { Clock = _clock };
        // live, with a 30-minute outage that ended at the bot's clock: 68 % of March's budget on its second day
        var s = Scenario.Opened().ToHandover();
        s.Clock.Set(_clock.GetUtcNow());
        s.Ok(Pablo, new DeclareIncident("Invoices not triaged", Severity.Sev1, "Invoice intake",
            s.Clock.GetUtcNow().AddMinutes(-30), IsOutage: true));
        s.Ok(Diego, new ResolveIncident("I1", "Restarted the consumer", "A stuck lease"));
        await _bot.Services.GetRequiredService<IDeliveryStore>()
            .SaveAsync(Contoso.Own(s.Delivery), 0, _clock.GetUtcNow());
        using var http = _bot.CreateClient();
        await http.PostAsync(new Uri("/api/messages", UriKind.Relative),
            new StringContent(Activities.Message(_connector.ServiceUrl, "hello"), Encoding.UTF8, "application/json"));
        // the delivery's status card lives in a chat of the tenant, so the scheduler knows where to reach people
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

    private async Task PassAsync()
    {
        var dispatcher = _bot.Services.GetRequiredService<OutboxDispatcher>();
        await _bot.Services.GetRequiredService<ReminderSweep>().RunAsync(50, CancellationToken.None);
        await dispatcher.WhenIdleAsync();
        await dispatcher.DispatchAsync(50, CancellationToken.None);
        await dispatcher.WhenIdleAsync();
    }

    private IReadOnlyList<FakeConnector.ConnectorCall> SlaCards
        => [.. _connector.Sends.Where(
            c => c.Method == "POST" && c.Body.Contains("\"card\":\"sla\"", StringComparison.Ordinal))];

    [Fact]
    public async Task The_dm_and_the_cto_get_the_sla_card_once_each_with_the_figures()
    {
        await PassAsync();
        await PassAsync();

        // 50 % used and the burn rate past 1 (100 % is not reached): two alerts to each, each with the card
        Assert.Equal(4, SlaCards.Count);
        var summaries = SlaCards
            .Select(c => System.Text.Json.JsonDocument.Parse(c.Body).RootElement.GetProperty("summary").GetString())
            .ToList();
        Assert.Equal(2, summaries.Count(t =>
            t == "D1: Error budget of D1 for March 2026: 50 % used (30.0 of 43.8 min), burn rate 14.5×."));
        Assert.Equal(2, summaries.Count(t => t == "D1: Error budget of D1 for March 2026: burning faster than the "
            + "month, 68 % used (30.0 of 43.8 min), burn rate 14.5×."));
        // the DM's copy has the card's buttons, the CTO's (who holds none of its roles) none
        Assert.Equal(2, SlaCards.Count(c => c.Body.Contains("\"verb\":\"sla.record\"", StringComparison.Ordinal)));
        var sent = (await _bot.Services.GetRequiredService<IDeliveryStore>().FindAsync(Contoso.Key("D1")))!
            .State.Reminders.Select(r => r.Key).Where(k => k.StartsWith("budget:", StringComparison.Ordinal));
        Assert.Equal(["budget:2026-03:50:cto", "budget:2026-03:50:dm", "budget:2026-03:burn:cto",
            "budget:2026-03:burn:dm"], sent.Order(StringComparer.Ordinal));
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _connector.DisposeAsync();
    }
}
