using System.Text;
using System.Text.Json;
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
/// The post-incident reviews through the real bot's scheduler, on a closed delivery: an action item's nudge reaches
/// its owner's 1:1 chat from its due date until `done D1-I1-A1`; the DM is asked once for the review of an incident
/// resolved without one.
/// </summary>
public sealed class IncidentActionItemTests : IAsyncLifetime
{
    private readonly ManualClock _clock = new(Scenario.Start);
    private FakeConnector _connector = null!;
    private ChannelFactory _bot = null!;

    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        _bot = new ChannelFactory(new Dictionary<string, string?>()) { Clock = _clock };
        // Closed on Monday 2 March 10:00; I1 reviewed (A1 Quinn's, due Thursday), I2 resolved without a review.
        var s = Scenario.Opened().Reviewed();
        s.Ok(Dana, new CloseDelivery());
        foreach (var id in new[] { "I1", "I2" })
        {
            s.Ok(Pablo, new DeclareIncident($"Queue stuck {id}", Severity.Sev3, "Invoice intake", s.Clock.GetUtcNow()));
            s.Ok(Diego, new ResolveIncident(id, "Restarted the worker", "A 40 MB invoice"));
        }
        s.Ok(Dana, new ReviewIncident("I1", "Paged quickly", "No queue alert", null,
            [new NewActionItem("Alert on queue depth", Quinn, new DateOnly(2026, 3, 5))]));
        s.Ok(Dana, new MarkFollowUpDone("F1"));
        await _bot.Services.GetRequiredService<IDeliveryStore>().SaveAsync(Contoso.Own(s.Delivery), 0, Scenario.Start);
        await SayAsync("Dana", "hello", "hello"); // the bot has met the tenant
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _connector.DisposeAsync();
    }

    private async Task<string> SayAsync(string who, string text, string id)
    {
        using var http = _bot.CreateClient();
        await http.PostAsync(new Uri("/api/messages", UriKind.Relative), new StringContent(
            Activities.Message(
                _connector.ServiceUrl, text, id: id, fromOid: $"oid-{who.ToLowerInvariant()}", fromName: who),
            Encoding.UTF8,
            "application/json"));
        var reply = _connector.Sends.LastOrDefault(c => c.Path.EndsWith($"/activities/{id}", StringComparison.Ordinal));
        return reply is null ? "" : JsonDocument.Parse(reply.Body).RootElement.GetProperty("text").GetString()!;
    }

    /// <summary>
    /// The incident-review cards Teams took since the start whose message contains <paramref name="what"/>, as that
    /// message (the card comes with it).
    /// </summary>
    private List<string> Sent(string what)
        => [.. _connector.Sends
            .Where(c => c.Method == "POST" && c.Body.Contains(what, StringComparison.Ordinal)
                && c.Body.Contains("\"card\":\"incident-review\"", StringComparison.Ordinal))
            .Select(c => JsonDocument.Parse(c.Body).RootElement is var m && m.TryGetProperty("text", out var t)
                ? t.GetString()!
                : m.GetProperty("summary").GetString()!)];

    /// <summary>A scheduler pass, and its messages sent.</summary>
    private async Task PassAsync()
    {
        var dispatcher = _bot.Services.GetRequiredService<OutboxDispatcher>();
        await _bot.Services.GetRequiredService<ReminderSweep>().RunAsync(50, CancellationToken.None);
        await dispatcher.WhenIdleAsync();
        await dispatcher.DispatchAsync(50, CancellationToken.None);
        await dispatcher.WhenIdleAsync();
    }

    [Fact]
    public async Task A_due_action_item_is_nudged_to_its_owner_until_done()
    {
        _clock.Set(new DateTimeOffset(2026, 3, 5, 8, 30, 0, TimeSpan.Zero)); // Thursday, before the working day
        await PassAsync();
        Assert.Empty(Sent("Action item D1-I1-A1"));

        _clock.Set(new DateTimeOffset(2026, 3, 5, 9, 0, 0, TimeSpan.Zero)); // its due date, 09:00
        await PassAsync();
        await PassAsync();

        var nudge = Assert.Single(Sent("Action item D1-I1-A1"));
        Assert.Contains("(due 2026-03-05) is not done yet: Alert on queue depth. When it is, type: done D1-I1-A1",
            nudge, StringComparison.Ordinal);
        Assert.Contains(_connector.Calls, c => c.Path == "/v3/conversations" && c.Body.Contains("oid-quinn"));

        Assert.StartsWith("✅", await SayAsync("Quinn", "done D1-I1-A1", "q1"));
        _clock.Set(new DateTimeOffset(2026, 3, 6, 9, 0, 0, TimeSpan.Zero)); // 8 business hours on
        await PassAsync();
        Assert.Single(Sent("Action item D1-I1-A1"));
    }

    [Fact]
    public async Task The_dm_is_asked_once_for_a_missing_review_a_business_day_after_the_resolution()
    {
        _clock.Set(new DateTimeOffset(2026, 3, 3, 9, 30, 0, TimeSpan.Zero));
        await PassAsync();
        Assert.Empty(Sent("without a post-incident review"));

        _clock.Set(new DateTimeOffset(2026, 3, 3, 10, 0, 0, TimeSpan.Zero)); // a business day after
        await PassAsync();
        _clock.Set(new DateTimeOffset(2026, 3, 4, 10, 0, 0, TimeSpan.Zero));
        await PassAsync();

        // I1 was reviewed: only I2's review is asked for, once
        var ask = Assert.Single(Sent("without a post-incident review"));
        Assert.Contains("Incident D1-I2 (Queue stuck I2) was resolved without a post-incident review", ask,
            StringComparison.Ordinal);
        Assert.Contains("postmortem D1-I2", ask, StringComparison.Ordinal);
    }
}
