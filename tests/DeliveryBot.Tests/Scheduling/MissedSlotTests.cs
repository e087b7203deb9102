using System.Diagnostics;
using DeliveryBot.Tests.Support;
using Xunit.Abstractions;

namespace DeliveryBot.Tests.Scheduling;

/// <summary>
/// Reminders that fell due while the bot was down go once, right after it starts: the start queues one reminder pass
/// for every slot that was missed, instead of waiting for the next slot or running one per missed slot. The interval
/// here is an hour, so the next regular slot is, but for the minute before the hour, far off: only that start pass
/// can have sent them.
/// </summary>
public sealed class MissedSlotTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Deliveries = 100;
    private const int Reminders = 2 * Deliveries;

    private readonly string _directory = Directory.CreateTempSubdirectory("deliverybot-missed-").FullName;
    private RecordingConnector _connector = null!;

    private string ConnectionString => $"Data Source={Path.Combine(_directory, "bot.db")}";

    public async Task InitializeAsync()
    {
        _connector = await RecordingConnector.StartAsync();
        // Due three days ago: every slot since then was missed.
        await ReminderSeed.WriteAsync(
            provider: Storage.StorageProvider.Sqlite,
            connectionString: ConnectionString,
            count: Deliveries,
            now: DateTimeOffset.UtcNow,
            serviceUrl: _connector.ServiceUrl);
    }

    [Fact]
    public async Task What_fell_due_while_the_bot_was_down_goes_once_at_start_not_at_the_next_slot()
    {
        var started = Stopwatch.StartNew();
        await using var bot = await BotProcess.StartAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__DeliveryBot"] = ConnectionString,
            ["Reminders__IntervalSeconds"] = "3600",
            ["Reminders__OutboxSeconds"] = "1",
            ["Bot__TenantSendsPerSecond"] = "50",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        });

        await _connector.Reached(Reminders).WaitAsync(TimeSpan.FromSeconds(90));
        output.WriteLine($"{Reminders} reminders arrived {started.Elapsed.TotalSeconds:F1} s after the start");

        var perChat = _connector.Posts.GroupBy(p => p.Conversation).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Reminders, perChat.Count);
        Assert.All(perChat, chat => Assert.Equal(1, chat.Value));
        // The schedule the bot reports is the hourly one: the pass that sent them was the one queued at start.
        using var http = new HttpClient { BaseAddress = bot.Address };
        var health = await http.GetStringAsync(new Uri("/healthz", UriKind.Relative));
        output.WriteLine(health);
        Assert.DoesNotContain("Unhealthy", health, StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        await _connector.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
