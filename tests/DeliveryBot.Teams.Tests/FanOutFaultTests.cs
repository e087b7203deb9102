using System.Text;
using DeliveryBot.Application.Messages;
using DeliveryBot.Application.Reminders;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Teams.Tests.Support;
using DeliveryBot.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace DeliveryBot.Teams.Tests;

/// <summary>
/// SPEC §9 / issue 9: a fan-out of 80 gate nudges while Teams answers at random with 429, 503, answers too slow, or a
/// 403 from someone who blocked the bot. Every message ends delivered or reported to the DM with the reason; none is
/// left waiting or dropped.
/// </summary>
public sealed class FanOutFaultTests : IAsyncLifetime
{
    private const int Deliveries = 40;
    private readonly ManualClock _clock = new(Scenario.Start);
    private FakeConnector _connector = null!;
    private ChannelFactory _bot = null!;

    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        _bot = new ChannelFactory(new Dictionary<string, string?>
        {
            ["Bot:RetryBaseDelay"] = "00:00:00.010", ["Bot:MaxRetries"] = "2", ["Bot:CallTimeout"] = "00:00:00.500",
        }) { Clock = _clock };
        // the PLA and the Deployment Specialist owe the schedule acknowledgement
        var template = Scenario.Opened().Planned().Delivery.State;
        await _bot.Services.GetRequiredService<IDeliveryStore>()
            .ImportAsync(Contoso.Own([.. Enumerable.Range(1, Deliveries).Select(i => Delivery.Restore(template with
        {
            Id = $"D{i}",
            Stakeholders = [.. template.Stakeholders.Select(s => s.Role switch
            {
                Role.ProductionLineArchitect => s with { Person = new Person($"oid-pla-{i}", null, $"PLA {i}") },
                Role.DeploymentSpecialist => s with { Person = new Person($"oid-ds-{i}", null, $"DS {i}") },
                _ => s,
            })],
            Audit = [.. template.Audit.Select(e => e with { CommandId = $"D{i}-{e.CommandId}" })],
        }))]), Scenario.Start);
        // Dana, the DM of every delivery, has talked to the bot: it knows the tenant
        using var http = _bot.CreateClient();
        await http.PostAsync(new Uri("/api/messages", UriKind.Relative),
            new StringContent(Activities.Message(_connector.ServiceUrl, "hello", fromOid: "oid-dana", fromName: "Dana"),
                Encoding.UTF8, "application/json"));
    }

    [Fact]
    public async Task Every_nudge_is_delivered_or_reported_to_the_dm_while_teams_fails_at_random()
    {
        var random = new Random(20261122);
        int Draw() { lock (random) return random.Next(100); } // sends run concurrently
        // Dana's own chat stays up, to hear the reports
        _connector.Chaos = chat => chat == "a:personal-1" ? FakeConnector.Fault.None : Draw() switch
        {
            < 20 => FakeConnector.Fault.Throttle,
            < 35 => FakeConnector.Fault.Unavailable,
            < 40 => FakeConnector.Fault.Blocked,
            < 50 => FakeConnector.Fault.Slow,
            _ => FakeConnector.Fault.None,
        };
        _clock.Set(Scenario.Start.AddDays(1).AddHours(3)); // Tuesday 13:00: every nudge is due
        var settled = _bot.Services.GetRequiredService<OutboxDispatcher>();
        await _bot.Services.GetRequiredService<ReminderSweep>().RunAsync(Deliveries, CancellationToken.None);
        await settled.WhenIdleAsync();

        var outbox = _bot.Services.GetRequiredService<IOutbox>();
        var dispatcher = _bot.Services.GetRequiredService<OutboxDispatcher>();
        for (var pass = 0; pass < 12 && (await RowsAsync(outbox)).Any(r => r.State == OutboxState.Pending); pass++)
        {
            await dispatcher.DispatchAsync(200, CancellationToken.None);
            await settled.WhenIdleAsync();
            _clock.Advance(TimeSpan.FromMinutes(61)); // past the longest retry backoff
        }

        var all = await RowsAsync(outbox);
        Assert.DoesNotContain(all, r => r.State == OutboxState.Pending);
        var rows = all.Where(r => r.Message.Kind == ReminderMessage.OutboxKind).ToList();
        var notices = all.Where(r => r.Message.Kind == Notice.OutboxKind).ToList();
        Assert.Equal(2 * Deliveries, rows.Count);
        // Dana's chat is up: every notice reached her
        Assert.All(notices, n => Assert.Equal(OutboxState.Sent, n.State));
        foreach (var row in rows)
        {
            var reminder = (ReminderMessage)OutboxKinds.Read(row.Message)!;
            if (row.State == OutboxState.Sent)
                Assert.Contains(_connector.Accepted, c => c.Body.Contains(
                    $"\"deliveryId\":\"{Domain.Deliveries.DeliveryKey.IdOf(reminder.DeliveryId)}\"",
                    StringComparison.Ordinal)
                    && c.Body.Contains($"\"focus\":\"{reminder.Reference}\"", StringComparison.Ordinal));
            else
                Assert.True(_connector.Sends.Any(
                    c => c.Path.StartsWith("/v3/conversations/a:personal-1/", StringComparison.Ordinal)
                    && c.Body.Contains($"t reach {reminder.Recipient.DisplayName} in Teams", StringComparison.Ordinal)),
                    $"{row.Message.IdempotencyKey} given up ({row.LastError}) without telling the DM; Dana heard: " +
                    string.Join(" | ", _connector.Sends.Where(
                        c => c.Path.StartsWith("/v3/conversations/a:personal-1/", StringComparison.Ordinal))
                        .Select(c => c.Body[..Math.Min(160, c.Body.Length)])));
        }
        // The run met every kind of failure, and some people stayed unreachable.
        Assert.Contains(rows, r => r.State == OutboxState.Dead);
        Assert.Contains(rows, r => r.State == OutboxState.Sent && r.Attempts > 1);
    }

    private static async Task<List<OutboxItem>> RowsAsync(IOutbox outbox)
    {
        var rows = new List<OutboxItem>();
        for (var i = 1; i <= Deliveries; i++) rows.AddRange(await outbox.ForDeliveryAsync(Contoso.Key($"D{i}")));
        return rows;
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _connector.DisposeAsync();
    }
}
