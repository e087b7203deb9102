using System.Diagnostics;
using System.Text;
using DeliveryBot.Domain.People;
using DeliveryBot.Tests.Support;
using Xunit.Abstractions;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Tests.Scheduling;

/// <summary>
/// Issue 15: the bot, as a real process, takes a card click (the Deployment Specialist's schedule acknowledgement,
/// which passes stage 2 and makes it the PLA's turn) and commits it, and is killed with SIGKILL before Teams has taken
/// any of what follows (the connector holds every call). After the restart the status card's redraw, the PLA's 1:1 card
/// and the DM's note all arrive, each once: they were written with the record, not kept in memory.
/// </summary>
public sealed class FanOutCrashTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string StatusCard = FanOutSeed.StatusCard;
    private const string TeamChat = FanOutSeed.TeamChat;
    private static readonly Person Pla = FanOutSeed.Pla;

    private readonly string _directory = Directory.CreateTempSubdirectory("deliverybot-fanout-crash-").FullName;
    private RecordingConnector _connector = null!;

    private string ConnectionString => $"Data Source={Path.Combine(_directory, "bot.db")}";

    public async Task InitializeAsync()
    {
        _connector = await RecordingConnector.StartAsync();
        await FanOutSeed.SeedAsync(ConnectionString, _connector.ServiceUrl, DateTimeOffset.UtcNow);
    }

    // a held call stays in flight until the kill
    private Task<BotProcess> StartBotAsync() => BotProcess.StartAsync(ReminderBot.Settings(
        Storage.StorageProvider.Sqlite,
        ConnectionString,
        node: "fanout-crash-test",
        more: new Dictionary<string, string> { ["Bot__CallTimeout"] = "00:00:30" }));

    [Fact]
    public async Task A_committed_click_s_fan_out_arrives_once_after_a_kill_9_that_came_before_any_of_it_was_sent()
    {
        var bot = await StartBotAsync();
        try
        {
            _connector.Hold();
            using (var http = new HttpClient { BaseAddress = bot.Address })
            {
                using var click = await http.PostAsync(
                    "/api/messages",
                    new StringContent(FanOutSeed.Click(_connector.ServiceUrl), Encoding.UTF8, "application/json"));
                var answer = await click.Content.ReadAsStringAsync();
                Assert.True(click.IsSuccessStatusCode, answer);
                // committed: the click is answered
                Assert.Contains("Schedule acknowledged by DS 1", answer, StringComparison.Ordinal);
            }
            await FanOutSeed.Until(
                _connector, () => _connector.Waiting > 0, "the fan-out to start (a call held at the connector)");
            await bot.KillAsync();
            output.WriteLine(
                $"killed with {_connector.Waiting} calls held, "
                    + $"{_connector.Count} messages and {_connector.Updates.Count} updates taken");
            Assert.Equal((0, 0), (_connector.Count, _connector.Updates.Count));
            // the dead instance's claims: left in place, nothing would go before they lapse
            var claimedUntil = await FanOutSeed.FanOutClaimedUntilAsync(ConnectionString);
            _connector.Release();

            var restarted = Stopwatch.StartNew();
            bot = await StartBotAsync();
            await FanOutSeed.Until(
                _connector,
                () => Redraws.Any() && CheckInCards.Any() && NotesToDana.Any(),
                "the redraw, the PLA's card and the DM's note after the restart");
            output.WriteLine($"all three arrived {restarted.Elapsed.TotalSeconds:F1} s after the restart");
            // on the next instance's first pass: it released the claims it had made before the kill (same node name)
            Assert.True(DateTimeOffset.UtcNow < claimedUntil,
                $"arrived {(DateTimeOffset.UtcNow - claimedUntil).TotalSeconds:F1} s after the old claims lapsed");
            // so a second copy of any of them would have been sent by now
            await FanOutSeed.FanOutSentAsync(ConnectionString);
        }
        finally
        {
            await bot.DisposeAsync();
        }

        output.WriteLine(
            $"status card updates: {Redraws.Count()}, PLA's check-in cards: {CheckInCards.Count()}, "
                + $"notes to the DM: {NotesToDana.Count()}");
        Assert.Single(CheckInCards);
        Assert.Single(NotesToDana);
        Assert.Single(Redraws);
        Assert.Contains("Stage 2 (Delivery planning) passed.", NotesToDana.Single().Body, StringComparison.Ordinal);
    }

    private IEnumerable<(string Conversation, string Activity, string Body)> Redraws
        => _connector.Updates.Where(u => u.Conversation == TeamChat && u.Activity == StatusCard);

    private IEnumerable<(string Conversation, string Body)> CheckInCards
        => _connector.Posts.Where(p => p.Conversation == $"a:chat-{Pla.ObjectId}"
            && p.Body.Contains("\"card\":\"checkin\"", StringComparison.Ordinal));

    private IEnumerable<(string Conversation, string Body)> NotesToDana
        => _connector.Posts.Where(p => p.Conversation == $"a:chat-{Dana.ObjectId}"
            && p.Body.Contains("Schedule acknowledged by DS 1", StringComparison.Ordinal));



    public async Task DisposeAsync()
    {
        _connector.Release();
        await _connector.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
