using System.Net;
using System.Net.Http.Headers;
using System.Text;
using DeliveryBot.Teams.Tests.Support;
using DeliveryBot.TestKit;

namespace DeliveryBot.Teams.Tests;

/// <summary>
/// SPEC §9: the Bot Connector's signing keys cannot be fetched (an outage, a firewall, a wrong Bot:OpenIdMetadataUrl).
/// What cannot be a token is still refused (401); a token that may be good is asked again later (503, Retry-After),
/// never a 500; /healthz says so.
/// </summary>
public sealed class SigningKeysOutageTests : IAsyncLifetime
{
    private TestSigningKeys _keys = null!;
    private FakeConnector _connector = null!;
    private ChannelFactory _bot = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _keys = await TestSigningKeys.StartAsync(); // signs the tokens; the bot is pointed elsewhere for its keys
        _connector = await FakeConnector.StartAsync();
        var closed = await LoopbackServer.StartAsync(_ => { });
        var nowhere = new Uri(closed.Address, "/.well-known/openidconfiguration");
        await closed.DisposeAsync(); // nothing listens there any more
        _bot = new ChannelFactory(new Dictionary<string, string?>
        {
            ["MicrosoftAppId"] = TestSigningKeys.AppId,
            ["MicrosoftAppPassword"] = "not-used-in-tests",
            ["Bot:OpenIdMetadataUrl"] = nowhere.ToString(),
        });
        _http = _bot.CreateClient();
    }

    private async Task<HttpResponseMessage> PostAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(
                Activities.Message(_connector.ServiceUrl, "help"), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await _http.SendAsync(request);
    }

    [Fact]
    public async Task What_cannot_be_a_token_is_refused_and_a_token_that_may_be_good_is_asked_again_later()
    {
        using (var garbage = await PostAsync("not.a.jwt"))
            Assert.Equal(HttpStatusCode.Unauthorized, garbage.StatusCode);

        using var good = await PostAsync(_keys.Token(_connector.ServiceUrl.ToString()));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, good.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(30), good.Headers.RetryAfter?.Delta);
        Assert.Empty(_connector.Sends); // nothing reached the bot

        using var health = System.Text.Json.JsonDocument.Parse(
            await _http.GetStringAsync(new Uri("/healthz", UriKind.Relative)));
        Assert.Equal("Degraded", health.RootElement.GetProperty("status").GetString());
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _bot.DisposeAsync();
        await _connector.DisposeAsync();
        await _keys.DisposeAsync();
    }
}
