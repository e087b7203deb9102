using System.Diagnostics;
using DeliveryBot.Storage;
using DeliveryBot.Tests.Support;
using DeliveryBot.TestKit;
using Xunit.Abstractions;

namespace DeliveryBot.Tests.Scheduling;

/// <summary>
/// Two instances on one PostgreSQL database; the one running the reminder pass is killed with SIGKILL in the middle of
/// it. The other carries on within 60 seconds: the pass's lock was a session lock, which PostgreSQL dropped with the
/// dead instance's connection, so the survivor's next slot takes the pass; what the dead one had claimed in the outbox
/// goes when its lease lapses. Every reminder arrives, twice at most for a send under way at the instant of the kill.
/// </summary>
[Collection(PostgresGroup.Name)]
public sealed class KilledPassTests(PostgresServer server, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Deliveries = 500;
    private const int Reminders = 2 * Deliveries;

    private RecordingConnector _connector = null!;
    private string _database = "";

    public async Task InitializeAsync()
    {
        _connector = await RecordingConnector.StartAsync();
        _database = await server.CreateDatabaseAsync();
        await ReminderSeed.WriteAsync(
            provider: StorageProvider.Postgres,
            connectionString: _database,
            count: Deliveries,
            now: DateTimeOffset.UtcNow,
            serviceUrl: _connector.ServiceUrl);
    }

    private Task<BotProcess> StartBotAsync(string node) => BotProcess.StartAsync(new Dictionary<string, string>
    {
        ["Storage__Provider"] = "Postgres",
        ["ConnectionStrings__DeliveryBot"] = _database,
        ["Reminders__IntervalSeconds"] = "1",
        ["Reminders__OutboxSeconds"] = "1",
        ["Reminders__Node"] = node,
        // 1,000 messages take about 20 s: the pass is still going when the first instance is killed
        ["Bot__TenantSendsPerSecond"] = "50",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
    });

    [Fact]
    public async Task A_pass_killed_mid_run_is_carried_on_by_the_other_instance_within_a_minute()
    {
        var first = await StartBotAsync("bot-a");
        await using var second = await StartBotAsync("bot-b");
        try
        {
            await _connector.Reached(Reminders / 5).WaitAsync(TimeSpan.FromSeconds(90));
        }
        finally
        {
            await first.KillAsync();
            await first.DisposeAsync();
        }
        var atKill = _connector.Count;
        var killed = Stopwatch.StartNew();
        output.WriteLine($"bot-a killed after {atKill} messages");
        Assert.True(atKill < Reminders, "the pass had finished before the kill: nothing was left to carry on");

        await WhenEveryRecipientHasAMessageAsync().WaitAsync(TimeSpan.FromSeconds(60));
        output.WriteLine($"the rest arrived {killed.Elapsed.TotalSeconds:F1} s after the kill");

        var perChat = _connector.Posts.GroupBy(p => p.Conversation).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Reminders, perChat.Count);
        Assert.All(perChat.Values, count => Assert.InRange(count, 1, 2));
        Assert.InRange(perChat.Values.Count(c => c > 1), 0, Application.Messages.OutboxDispatcher.Parallelism);
    }

    private async Task WhenEveryRecipientHasAMessageAsync()
    {
        while (true)
        {
            var seen = _connector.Count; // read before the posts: see ReminderCrashTests
            if (_connector.Posts.Select(p => p.Conversation).Distinct().Count() >= Reminders) return;
            await _connector.Reached(seen + 1);
        }
    }

    public async Task DisposeAsync() => await _connector.DisposeAsync();
}
