using System.Diagnostics;
using DeliveryBot.Storage;
using DeliveryBot.Tests.Support;
using DeliveryBot.TestKit;
using Npgsql;
using Xunit.Abstractions;

namespace DeliveryBot.Tests.Scheduling;

/// <summary>
/// SPEC §8, §9: two bot processes on one PostgreSQL database, Hangfire servers sharing it, with 500 reminders due:
/// each is sent exactly once between them; and when the one running the reminder pass is killed in the middle of it,
/// the other carries on.
/// </summary>
[Collection(PostgresGroup.Name)]
public sealed class TwoInstanceTests(PostgresServer server, ITestOutputHelper output) : IAsyncLifetime
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

    private Task<BotProcess> StartBotAsync(string node)
        => ReminderBot.StartAsync(StorageProvider.Postgres, _database, node);

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
    /// Two instances on one PostgreSQL database; the one running the reminder pass is killed with SIGKILL in the middle
    /// of it. The other carries on within 60 seconds: the pass's lock was a session lock, which PostgreSQL dropped with
    /// the dead instance's connection, so the survivor's next slot takes the pass; what the dead one had claimed in the
    /// outbox goes when its lease lapses. Every reminder arrives, twice at most for a send under way at the instant of
    /// the kill.
    /// </summary>
    [Fact]
    public async Task A_pass_killed_mid_run_is_carried_on_by_the_other_instance_within_a_minute()
    {
        // bot-a alone until it is sending: the pass and the sends under way are its own; then bot-b joins.
        var first = await StartBotAsync("bot-a");
        BotProcess? second = null;
        try
        {
            await _connector.Reached(1).WaitAsync(TimeSpan.FromSeconds(90));
            second = await StartBotAsync("bot-b");
        }
        finally
        {
            await first.KillAsync();
            await first.DisposeAsync();
        }
        await using var survivor = second;
        var atKill = _connector.Count;
        var killed = Stopwatch.StartNew();
        output.WriteLine($"bot-a killed after {atKill} messages");
        Assert.True(atKill < Reminders, "the pass had finished before the kill: nothing was left to carry on");

        try
        {
            await _connector.EveryChatReached(Reminders).WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            var reached = _connector.Posts.Select(p => p.Conversation).Distinct().Count();
            Assert.Fail($"60 s after the kill {reached} of {Reminders} chats had their reminder ({_connector.Count} "
                + $"messages, {_connector.Count - atKill} of them after the kill): the survivor did not carry the "
                + "pass on in time");
        }
        output.WriteLine($"the rest arrived {killed.Elapsed.TotalSeconds:F1} s after the kill");

        var perChat = _connector.Posts.GroupBy(p => p.Conversation).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Reminders, perChat.Count);
        Assert.All(perChat.Values, count => Assert.InRange(count, 1, 2));
        Assert.InRange(perChat.Values.Count(c => c > 1), 0, Application.Messages.OutboxDispatcher.Parallelism);
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
