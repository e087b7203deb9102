using System.Diagnostics;
using Xunit.Abstractions;

namespace DeliveryBot.Tests.Scheduling;

/// <summary>
/// Reminders that fell due while the bot was down go once, right after it starts: the start queues one reminder pass
/// for every slot that was missed, instead of waiting for the next slot or running one per missed slot. The interval
/// here is an hour, so the next regular slot is, but for the minute before the hour, far off: only that start pass
/// can have sent them.
/// </summary>
public sealed class MissedSlotTests(ITestOutputHelper output) : SeededSqliteRun(Deliveries)
{
    private const int Deliveries = 100;
    private const int Reminders = 2 * Deliveries;

    [Fact]
    public async Task What_fell_due_while_the_bot_was_down_goes_once_at_start_not_at_the_next_slot()
    {
        var started = Stopwatch.StartNew();
        await using var bot = await ReminderBot.StartAsync(
            Storage.StorageProvider.Sqlite, ConnectionString, node: "missed-slot-test", intervalSeconds: 3600);

        await Connector.Reached(Reminders).WaitAsync(TimeSpan.FromSeconds(90));
        output.WriteLine($"{Reminders} reminders arrived {started.Elapsed.TotalSeconds:F1} s after the start");

        var perChat = Connector.Posts.GroupBy(p => p.Conversation).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Reminders, perChat.Count);
        Assert.All(perChat, chat => Assert.Equal(1, chat.Value));
        // The schedule the bot reports is the hourly one: the pass that sent them was the one queued at start.
        using var http = new HttpClient { BaseAddress = bot.Address };
        var health = await http.GetStringAsync(new Uri("/healthz", UriKind.Relative));
        output.WriteLine(health);
        Assert.DoesNotContain("Unhealthy", health, StringComparison.Ordinal);
    }
}
