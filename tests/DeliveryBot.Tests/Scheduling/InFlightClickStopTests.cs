using System.Net.Http.Headers;
using System.Text;
using DeliveryBot.TestKit;
using DeliveryBot.Tests.Support;

namespace DeliveryBot.Tests.Scheduling;

/// <summary>
/// The bot, as a real process, has a card click in hand when it is sent SIGTERM: the click still gets its answer (the
/// decided card) and its decision is committed before the process exits. The click is held in the bot's own
/// authentication: the bot checks Bot Connector tokens (an app id, as in production) and fetches the signing keys on
/// its first activity, from a stand-in that does not answer until the test lets it, so the whole turn (the token
/// checked, the decision, the save) runs after the signal.
/// </summary>
public sealed class InFlightClickStopTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("deliverybot-inflight-").FullName;
    private RecordingConnector _connector = null!;
    private TestSigningKeys _keys = null!;

    private string ConnectionString => $"Data Source={Path.Combine(_directory, "bot.db")}";

    public async Task InitializeAsync()
    {
        _connector = await RecordingConnector.StartAsync();
        _keys = await TestSigningKeys.StartAsync();
        await FanOutSeed.SeedAsync(ConnectionString, _connector.ServiceUrl, DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task A_click_in_hand_at_sigterm_is_answered_with_the_decided_card_and_its_decision_is_committed()
    {
        var bot = await BotProcess.StartAsync(ReminderBot.Settings(
            Storage.StorageProvider.Sqlite,
            ConnectionString,
            "inflight-a",
            more: new Dictionary<string, string>
            {
                ["MicrosoftAppId"] = TestSigningKeys.AppId,
                ["MicrosoftAppPassword"] = "not-used", // the fan-out's own token is not what this test is about
                ["Bot__OpenIdMetadataUrl"] = _keys.MetadataUrl.ToString(),
            }));
        try
        {
            _keys.Hold();
            using var http = new HttpClient { BaseAddress = bot.Address, Timeout = TimeSpan.FromSeconds(60) };
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/messages", UriKind.Relative))
            {
                Content = new StringContent(FanOutSeed.Click(_connector.ServiceUrl), Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue(
                "Bearer", _keys.Token(_connector.ServiceUrl.ToString()));
            var click = http.SendAsync(request);
            await _keys.Asked.WaitAsync(TimeSpan.FromSeconds(30)); // the click is in the bot's hands
            Assert.Equal(6L, await DeliveryVersionAsync()); // nothing decided yet

            var stopping = bot.Wrote("Application is shutting down");
            await bot.SignalTerminateAsync();
            await stopping.WaitAsync(TimeSpan.FromSeconds(30)); // the bot has taken the signal
            _keys.Release();

            using var answer = await click.WaitAsync(TimeSpan.FromSeconds(30));
            var body = await answer.Content.ReadAsStringAsync();
            Assert.True(answer.IsSuccessStatusCode, $"{(int)answer.StatusCode}: {body}");
            Assert.Contains("Schedule acknowledged by DS 1", body, StringComparison.Ordinal);
            Assert.Equal(0, await bot.ExitedAsync(within: TimeSpan.FromSeconds(60)));
            Assert.Equal(7L, await DeliveryVersionAsync()); // the acknowledgement, on the record
        }
        finally
        {
            await bot.DisposeAsync();
        }
    }

    private async Task<long> DeliveryVersionAsync()
    {
        await using var db = new Microsoft.Data.Sqlite.SqliteConnection($"{ConnectionString};Mode=ReadOnly");
        await db.OpenAsync();
        await using var query = db.CreateCommand();
        query.CommandText = "SELECT version FROM deliveries WHERE id LIKE '%/D1'";
        return (long)(await query.ExecuteScalarAsync())!;
    }

    public async Task DisposeAsync()
    {
        await _keys.DisposeAsync();
        await _connector.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
