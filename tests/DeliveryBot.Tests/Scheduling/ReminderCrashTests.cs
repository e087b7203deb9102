using System.Diagnostics;
using DeliveryBot.Tests.Support;
using Xunit.Abstractions;

namespace DeliveryBot.Tests.Scheduling;

/// <summary>
/// SPEC §9: the bot, as a real process with its Hangfire scheduler, sends 1,000 due reminders to a recording connector
/// and is killed with SIGKILL in the middle, several times, and restarted each time. Every reminder arrives, none is
/// sent twice except one whose send was under way at the instant of a kill, and after the last restart the rest arrive
/// within 30 seconds.
/// </summary>
/// <remarks>
/// Teams has no idempotent send, so a message Teams took an instant before the kill, and the outbox had not yet
/// recorded as sent, goes again after the restart: at most the sends in flight at each kill. Losing it instead would be
/// worse.
/// </remarks>
public sealed class ReminderCrashTests(ITestOutputHelper output) : SeededSqliteRun(Deliveries)
{
    private const int Deliveries = 500; // two nudges each, to two people of its own: 1,000 reminders to 1,000 chats
    private const int Reminders = 2 * Deliveries;
    private static readonly int[] KillAt = [120, 330, 560, 790];

    private Task<BotProcess> StartBotAsync()
        => ReminderBot.StartAsync(Storage.StorageProvider.Sqlite, ConnectionString, node: "crash-test");

    [Fact]
    public async Task Every_reminder_is_delivered_after_repeated_kill_9_and_restarts()
    {
        var bot = await StartBotAsync();
        try
        {
            foreach (var threshold in KillAt)
            {
                await Connector.Reached(threshold).WaitAsync(TimeSpan.FromSeconds(90));
                await bot.KillAsync();
                output.WriteLine($"killed after {Connector.Count} messages");
                bot = await StartBotAsync();
            }
            var restarted = Stopwatch.StartNew();
            await Connector.EveryChatReached(Reminders).WaitAsync(TimeSpan.FromSeconds(90));
            output.WriteLine($"the rest arrived {restarted.Elapsed.TotalSeconds:F1} s after the last restart");
            Assert.True(
                restarted.Elapsed < TimeSpan.FromSeconds(30),
                $"took {restarted.Elapsed} after the last restart");
        }
        finally
        {
            await bot.DisposeAsync();
        }

        var perChat = Connector.Posts
            .GroupBy(p => p.Conversation)
            .ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(Reminders, perChat.Count);
        Assert.All(
            perChat.Values.SelectMany(v => v),
            p => Assert.Contains("\"card\":\"nudge\"", p.Body, StringComparison.Ordinal));
        var twice = perChat.Where(c => c.Value.Count > 1).Select(c => c.Key).ToList();
        output.WriteLine(
            $"{Connector.Count} messages for {Reminders} reminders; "
                + $"sent twice: {twice.Count} ({string.Join(", ", twice)})");
        Assert.All(perChat.Values, v => Assert.InRange(v.Count, 1, 1 + KillAt.Length));
        // A duplicate can only be a send the kill interrupted between Teams taking it and the outbox recording it.
        Assert.InRange(twice.Count, 0, KillAt.Length * ReminderSendsInFlight);
    }

    /// <summary>At most this many sends are under way at once (the dispatcher's lanes).</summary>
    private const int ReminderSendsInFlight = Application.Messages.OutboxDispatcher.Parallelism;
}
