using System.Diagnostics;
using System.Text;
using DeliveryBot.Tests.Support;
using Xunit.Abstractions;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Tests.Scheduling;

/// <summary>
/// The bot, as a real process, takes a click whose fan-out Teams is slow to take (the connector holds every call) and
/// is sent SIGTERM, as an orchestrator stops a pod to roll it. It stops within its grace, having handed back the rows
/// it had claimed: none is left leased in its name. The next instance (another node, so nothing of the first one's is
/// its to release at start) sends the whole fan-out on its first passes, once each, without waiting for a lease to
/// lapse.
/// </summary>
public sealed class GracefulStopTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("deliverybot-graceful-").FullName;
    private RecordingConnector _connector = null!;

    private string ConnectionString => $"Data Source={Path.Combine(_directory, "bot.db")}";

    public async Task InitializeAsync()
    {
        _connector = await RecordingConnector.StartAsync();
        await FanOutSeed.SeedAsync(ConnectionString, _connector.ServiceUrl, DateTimeOffset.UtcNow);
    }

    private Task<BotProcess> StartBotAsync(string node) => BotProcess.StartAsync(ReminderBot.Settings(
        Storage.StorageProvider.Sqlite,
        ConnectionString,
        node,
        more: new Dictionary<string, string>
        {
            ["Bot__CallTimeout"] = "00:00:30", // the held call outlasts the stop's grace
            ["Logging__LogLevel__DeliveryBot.Scheduling"] = "Information", // the hand-back's line
        }));

    [Fact]
    public async Task Sigterm_mid_fan_out_hands_its_claims_back_and_the_next_instance_sends_it_all_once_at_once()
    {
        var first = await StartBotAsync("graceful-a");
        BotProcess? next = null;
        try
        {
            _connector.Hold();
            using (var http = new HttpClient { BaseAddress = first.Address })
            {
                using var click = await http.PostAsync(new Uri("/api/messages", UriKind.Relative),
                    new StringContent(FanOutSeed.Click(_connector.ServiceUrl), Encoding.UTF8, "application/json"));
                var answer = await click.Content.ReadAsStringAsync();
                Assert.True(click.IsSuccessStatusCode, answer);
                Assert.Contains("Schedule acknowledged by DS 1", answer, StringComparison.Ordinal);
            }
            await FanOutSeed.Until(
                _connector, () => _connector.Waiting > 0, "the fan-out to start (a call held at the connector)");

            var stopping = Stopwatch.StartNew();
            Assert.Equal(0, await first.TerminateAsync(within: TimeSpan.FromSeconds(60)));
            output.WriteLine($"stopped {stopping.Elapsed.TotalSeconds:F1} s after SIGTERM");
            Assert.Contains(first.Output, l => l.Contains("handed back", StringComparison.Ordinal));
            Assert.Equal((0, 0), (_connector.Count, _connector.Updates.Count));
            Assert.Equal(0, await ClaimedByAsync("graceful-a"));
            // the fan-out, written and not yet sent
            Assert.NotEmpty(await FanOutSeed.UnsentFanOutAsync(ConnectionString));
            _connector.Release();

            var restarted = Stopwatch.StartNew();
            next = await StartBotAsync("graceful-b");
            await FanOutSeed.Until(
                _connector,
                () => Redraws.Any() && CheckInCards.Any() && NotesToDana.Any(),
                "the redraw, the PLA's card and the DM's note from the next instance");
            output.WriteLine($"all three arrived {restarted.Elapsed.TotalSeconds:F1} s after the next one started");
            // well inside the lease a claim lasts (20 s): nothing waited for one to lapse
            Assert.True(restarted.Elapsed < TimeSpan.FromSeconds(15), $"took {restarted.Elapsed}");
            await FanOutSeed.FanOutSentAsync(ConnectionString);
        }
        finally
        {
            await first.DisposeAsync();
            if (next is not null) await next.DisposeAsync();
        }
        Assert.Single(CheckInCards);
        Assert.Single(NotesToDana);
        Assert.Single(Redraws);
    }

    private IEnumerable<(string Conversation, string Activity, string Body)> Redraws
        => _connector.Updates.Where(u => u.Conversation == FanOutSeed.TeamChat && u.Activity == FanOutSeed.StatusCard);

    private IEnumerable<(string Conversation, string Body)> CheckInCards
        => _connector.Posts.Where(p => p.Conversation == $"a:chat-{FanOutSeed.Pla.ObjectId}"
            && p.Body.Contains("\"card\":\"checkin\"", StringComparison.Ordinal));

    private IEnumerable<(string Conversation, string Body)> NotesToDana
        => _connector.Posts.Where(p => p.Conversation == $"a:chat-{Dana.ObjectId}"
            && p.Body.Contains("Schedule acknowledged by DS 1", StringComparison.Ordinal));

    private async Task<long> ScalarAsync(string sql)
    {
        await using var db = new Microsoft.Data.Sqlite.SqliteConnection($"{ConnectionString};Mode=ReadOnly");
        await db.OpenAsync();
        await using var query = db.CreateCommand();
        query.CommandText = sql;
        return (long)(await query.ExecuteScalarAsync())!;
    }

    private Task<long> ClaimedByAsync(string node) => ScalarAsync(
        $"SELECT COUNT(*) FROM outbox WHERE lease_owner = '{node}' AND sent_at IS NULL AND dead = 0");




    public async Task DisposeAsync()
    {
        _connector.Release();
        await _connector.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
