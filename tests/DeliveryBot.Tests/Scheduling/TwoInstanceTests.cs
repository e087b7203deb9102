using DeliveryBot.Storage;
using DeliveryBot.Tests.Support;
using DeliveryBot.TestKit;
using Npgsql;

namespace DeliveryBot.Tests.Scheduling;

/// <summary>
/// SPEC §8, §9: two bot processes on one PostgreSQL database, Hangfire servers sharing it, with 500 reminders due:
/// each is sent exactly once between them.
/// </summary>
[Collection(PostgresGroup.Name)]
public sealed class TwoInstanceTests(PostgresServer server) : IAsyncLifetime
{
    private const int Deliveries = 250;
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
        ["Bot__TenantSendsPerSecond"] = "50",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
    });

    [Fact]
    public async Task Two_instances_on_one_database_send_every_reminder_once()
    {
        var bots = await Task.WhenAll(StartBotAsync("bot-a"), StartBotAsync("bot-b"));
        try
        {
            await _connector.Reached(Reminders).WaitAsync(TimeSpan.FromSeconds(90));
            await UntilEveryMessageIsRecordedSentAsync().WaitAsync(TimeSpan.FromSeconds(30));
            // both instances' Hangfire servers run on the shared storage
            Assert.Equal(2, await ScalarAsync("SELECT COUNT(*) FROM hangfire.server"));
        }
        finally
        {
            foreach (var bot in bots) await bot.DisposeAsync();
        }

        // Every row is marked sent, and a sent row is never claimed again: the log is final.
        var perChat = _connector.Posts.GroupBy(p => p.Conversation).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Reminders, perChat.Count);
        Assert.All(perChat, chat => Assert.Equal(1, chat.Value));
        Assert.Equal(Reminders, _connector.Count);
    }

    /// <summary>
    /// Polls the shared outbox (another process writes it, so there is no signal to await) until nothing is left
    /// unsent.
    /// </summary>
    private async Task UntilEveryMessageIsRecordedSentAsync()
    {
        while (await ScalarAsync("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL") > 0
            || await ScalarAsync("SELECT COUNT(*) FROM outbox") < Reminders)
            await Task.Delay(100);
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task DisposeAsync() => await _connector.DisposeAsync();
}
