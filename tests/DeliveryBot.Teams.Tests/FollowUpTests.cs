using System.Text;
using System.Text.Json;
using DeliveryBot.Application.Messages;
using DeliveryBot.Application.Reminders;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Record;
using DeliveryBot.Teams.Tests.Support;
using DeliveryBot.TestKit;
using Microsoft.Extensions.DependencyInjection;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Teams.Tests;

/// <summary>
/// The review's follow-ups through the real bot, on a closed delivery: `done D1-F1` by its owner, and the scheduler's
/// nudge on the due date reaching the owner's 1:1 chat (the DM's for an owner who is not a stakeholder) until done.
/// </summary>
public sealed class FollowUpTests : IAsyncLifetime
{
    private readonly ManualClock _clock = new(Scenario.Start);
    private FakeConnector _connector = null!;
    private ChannelFactory _bot = null!;

    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        _bot = new ChannelFactory(new Dictionary<string, string?>()) { Clock = _clock };
        // Reviewed and closed on Monday 2 March 10:00: F1 is Quinn's (the QA Engineer), F2 nobody's on the delivery.
        var s = Scenario.Opened().ToReview();
        var thursday = new DateOnly(2026, 3, 5);
        s.Ok(Dana, new CompleteReview(["Gates held"], ["Earlier QA"],
            [
                new FollowUp("Automate QA smoke", "qa", thursday),
                new FollowUp("Send the case study", "Marketing", thursday),
            ]));
        s.Ok(Dana, new CloseDelivery());
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

    /// <summary>The follow-up nudges Teams took since the start, as their text.</summary>
    private IReadOnlyList<string> FollowUpNudges
        => [.. _connector.Sends
            .Where(c => c.Method == "POST" && c.Body.Contains("Review follow-up", StringComparison.Ordinal))
            .Select(c => JsonDocument.Parse(c.Body).RootElement.GetProperty("text").GetString()!)];

    private async Task PassAsync()
    {
        var dispatcher = _bot.Services.GetRequiredService<OutboxDispatcher>();
        await _bot.Services.GetRequiredService<ReminderSweep>().RunAsync(50, CancellationToken.None);
        await dispatcher.WhenIdleAsync();
        await dispatcher.DispatchAsync(50, CancellationToken.None);
        await dispatcher.WhenIdleAsync();
    }

    [Fact]
    public async Task The_owner_marks_a_follow_up_done_once_and_the_review_shows_it()
    {
        Assert.Equal(
            "Which follow-up or action item? Give its id as `review D1` or the incident's review shows it, e.g. D1-F1 "
                + "or D1-I1-A1. Type `done <follow-up or action item> [note]`.",
            await SayAsync("Quinn", "done D1-X1", "d0"));
        var unknown = await SayAsync("Quinn", "done D1-F7", "d1");
        Assert.StartsWith("⛔ There is no follow-up F7 on delivery D1", unknown);
        Assert.StartsWith("🚫 Only the Delivery Manager (Dana)", await SayAsync("Pablo", "done D1-F1", "d2"));

        Assert.Equal("✅ Follow-up F1 (Automate QA smoke) marked done by Quinn: smoke suite runs nightly",
            await SayAsync("Quinn", "done d1-f1 smoke suite runs nightly", "d3"));
        var again = await SayAsync("Dana", "done D1-F1", "d4");
        Assert.Contains("already marked done by Quinn", again);
        Assert.Contains("smoke suite runs nightly", again);

        var review = await SayAsync("Dana", "review D1", "d5");
        Assert.Contains("- F1: Automate QA smoke — owner Quinn, due 2026-03-05 — **done** by Quinn", review);
        Assert.Contains("- F2: Send the case study — owner Marketing, due 2026-03-05\n", review);
    }

    [Fact]
    public async Task A_due_follow_up_of_a_closed_delivery_is_nudged_through_the_sweep_until_done()
    {
        _clock.Set(new DateTimeOffset(2026, 3, 5, 8, 30, 0, TimeSpan.Zero)); // Thursday, before the working day
        await PassAsync();
        Assert.Empty(FollowUpNudges);

        _clock.Set(new DateTimeOffset(2026, 3, 5, 9, 0, 0, TimeSpan.Zero)); // its due date, 09:00
        await PassAsync();
        await PassAsync();

        Assert.Equal(2, FollowUpNudges.Count);
        Assert.Contains(FollowUpNudges, t => t.Contains("F1 (due 2026-03-05) is not done yet: Automate QA smoke. "
            + "When it is, type: done D1-F1 (a note may follow).", StringComparison.Ordinal));
        Assert.Contains(FollowUpNudges, t => t.Contains("Its owner is Marketing", StringComparison.Ordinal));
        // Quinn's to Quinn (a 1:1 chat opened for it), the one nobody on the delivery owns to the DM, in the 1:1 chat
        // where Dana said hello
        Assert.Contains(_connector.Calls, c => c.Path == "/v3/conversations" && c.Body.Contains("oid-quinn"));
        var hello = _connector.Sends.Single(c => c.Path.EndsWith("/activities/hello", StringComparison.Ordinal)).Path;
        var toDana = _connector.Sends.Where(c => c.Path == hello[..hello.LastIndexOf('/')]
            && c.Body.Contains("Review follow-up", StringComparison.Ordinal)).ToList();
        Assert.Contains("Review follow-up F2 ", Assert.Single(toDana).Body);

        Assert.StartsWith("✅", await SayAsync("Quinn", "done D1-F1", "q1"));
        _clock.Set(new DateTimeOffset(2026, 3, 6, 9, 0, 0, TimeSpan.Zero)); // 8 business hours on
        await PassAsync();

        var friday = Assert.Single(FollowUpNudges.Skip(2));
        Assert.Contains("Review follow-up F2 ", friday);
    }
}
