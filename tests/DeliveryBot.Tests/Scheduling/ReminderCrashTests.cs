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
public sealed class ReminderCrashTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Deliveries = 500; // two nudges each, to two people of its own: 1,000 reminders to 1,000 chats
    private const int Reminders = 2 * Deliveries;
    private static readonly int[] KillAt = [120, 330, 560, 790];

    private readonly string _directory = Directory.CreateTempSubdirectory("deliverybot-crash-").FullName;
    private RecordingConnector _connector = null!;

    private string ConnectionString => $"Data Source={Path.Combine(_directory, "bot.db")}";

    public async Task InitializeAsync()
    {
        _connector = await RecordingConnector.StartAsync();
        await ReminderSeed.WriteAsync(
            provider: Storage.StorageProvider.Sqlite,
            connectionString: ConnectionString,
            count: Deliveries,
            now: DateTimeOffset.UtcNow,
            serviceUrl: _connector.ServiceUrl);
    }

    private Task<BotProcess> StartBotAsync() => BotProcess.StartAsync(new Dictionary<string, string>
    {
        ["ConnectionStrings__DeliveryBot"] = ConnectionString,
        ["Reminders__IntervalSeconds"] = "1",
        ["Reminders__OutboxSeconds"] = "1",
        ["Reminders__Node"] = "crash-test",
        // the most the bot allows: 1,000 messages in about 20 s
        ["Bot__TenantSendsPerSecond"] = "50",
        ["Logging__LogLevel__Default"] = "Warning",
        // "Now listening on", which start-up waits for
        ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
    });

    [Fact]
    public async Task Every_reminder_is_delivered_after_repeated_kill_9_and_restarts()
    {
        var bot = await StartBotAsync();
        try
        {
            foreach (var threshold in KillAt)
            {
                await _connector.Reached(threshold).WaitAsync(TimeSpan.FromSeconds(90));
                await bot.KillAsync();
                output.WriteLine($"killed after {_connector.Count} messages");
                bot = await StartBotAsync();
            }
            var restarted = Stopwatch.StartNew();
            await WhenEveryRecipientHasAMessageAsync().WaitAsync(TimeSpan.FromSeconds(90));
            output.WriteLine($"the rest arrived {restarted.Elapsed.TotalSeconds:F1} s after the last restart");
            Assert.True(
                restarted.Elapsed < TimeSpan.FromSeconds(30),
                $"took {restarted.Elapsed} after the last restart");
        }
        finally
        {
            await bot.DisposeAsync();
        }

        var perChat = _connector.Posts
            .GroupBy(p => p.Conversation)
            .ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(Reminders, perChat.Count);
        Assert.All(
            perChat.Values.SelectMany(v => v),
            p => Assert.Contains("\"card\":\"nudge\"", p.Body, StringComparison.Ordinal));
        var twice = perChat.Where(c => c.Value.Count > 1).Select(c => c.Key).ToList();
        output.WriteLine(
            $"{_connector.Count} messages for {Reminders} reminders; "
                + $"sent twice: {twice.Count} ({string.Join(", ", twice)})");
        Assert.All(perChat.Values, v => Assert.InRange(v.Count, 1, 1 + KillAt.Length));
        // A duplicate can only be a send the kill interrupted between Teams taking it and the outbox recording it.
        Assert.InRange(twice.Count, 0, KillAt.Length * ReminderSendsInFlight);
    }

    /// <summary>At most this many sends are under way at once (the dispatcher's lanes).</summary>
    private const int ReminderSendsInFlight = Application.Messages.OutboxDispatcher.Parallelism;

    private async Task WhenEveryRecipientHasAMessageAsync()
    {
        while (true)
        {
            // The count is read before the posts are looked at: a message arriving in between already satisfies the
            // wait below. (Read after, the last message could slip in between and leave it waiting for one more,
            // forever.)
            var seen = _connector.Count;
            if (_connector.Posts.Select(p => p.Conversation).Distinct().Count() >= Reminders) return;
            await _connector.Reached(seen + 1);
        }
    }

    public async Task DisposeAsync()
    {
        await _connector.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
