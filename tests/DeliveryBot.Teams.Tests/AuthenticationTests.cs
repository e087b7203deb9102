using DeliveryBot.TestKit;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using DeliveryBot.Teams.Tests.Support;

namespace DeliveryBot.Teams.Tests;

/// <summary>
/// /api/messages with an app id configured: the six ways a token can be wrong each get 401 and reach nothing;
/// a token signed by a published, msteams-endorsed key is accepted. All offline, against local metadata.
/// </summary>
public sealed class AuthenticationTests : IAsyncLifetime
{
    private TestSigningKeys _keys = null!;
    private FakeConnector _connector = null!;
    private ChannelFactory _bot = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _keys = await TestSigningKeys.StartAsync();
        _connector = await FakeConnector.StartAsync();
        _bot = new ChannelFactory(new Dictionary<string, string?>
        {
            ["MicrosoftAppId"] = TestSigningKeys.AppId,
            ["MicrosoftAppPassword"] = "not-used-in-tests",
            ["Bot:OpenIdMetadataUrl"] = _keys.MetadataUrl.ToString(),
        });
        _http = _bot.CreateClient();
    }

    private async Task<HttpStatusCode> PostAsync(string? token, string? serviceUrl = null, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(Activities.Message(
                new Uri(serviceUrl ?? _connector.ServiceUrl.ToString()), "help"), Encoding.UTF8, "application/json"),
        };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await (client ?? _http).SendAsync(request);
        return response.StatusCode;
    }

    private string ServiceUrl => _connector.ServiceUrl.ToString();

    [Fact]
    public async Task A_valid_bot_connector_token_is_accepted_and_the_bot_answers_with_its_own_token()
    {
        Assert.Equal(HttpStatusCode.OK, await PostAsync(_keys.Token(ServiceUrl)));

        var reply = Assert.Single(_connector.Sends);
        Assert.Equal("/v3/conversations/a:personal-1/activities/1001", reply.Path);
        Assert.Equal("Bearer test-app-token", reply.Authorization);
        Assert.Contains("DeliveryBot", reply.Body);
    }

    [Fact]
    public async Task A_token_signed_by_a_key_published_since_the_keys_were_fetched_is_accepted()
    {
        var before = _keys.Token(ServiceUrl);
        Assert.Equal(HttpStatusCode.OK, await PostAsync(before)); // remembered as valid with the keys of the time

        _keys.Rotate();

        // the first activity signed by the new key is checked against the keys fetched for it
        Assert.Equal(HttpStatusCode.OK, await PostAsync(_keys.Token(ServiceUrl)));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(before)); // the old key is no longer published
        Assert.Equal(HttpStatusCode.OK, await PostAsync(_keys.Token(ServiceUrl)));
    }

    [Fact]
    public async Task A_token_seen_before_is_still_checked_against_each_activity()
    {
        var token = _keys.Token(ServiceUrl);
        Assert.Equal(HttpStatusCode.OK, await PostAsync(token));

        // the same token, remembered as valid, with an activity from another service
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(token, "https://smba.trafficmanager.net/evil/"));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(token));
    }

    [Fact]
    public async Task A_token_seen_before_is_refused_once_it_has_expired()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var bot = new ChannelFactory(new Dictionary<string, string?>
        {
            ["MicrosoftAppId"] = TestSigningKeys.AppId,
            ["MicrosoftAppPassword"] = "not-used-in-tests",
            ["Bot:OpenIdMetadataUrl"] = _keys.MetadataUrl.ToString(),
        }) { Clock = clock };
        using var http = bot.CreateClient();
        var token = _keys.Token(ServiceUrl, expiresIn: TimeSpan.FromMinutes(10));

        Assert.Equal(HttpStatusCode.OK, await PostAsync(token, client: http));
        clock.Advance(TimeSpan.FromMinutes(14)); // within the five minutes of skew
        Assert.Equal(HttpStatusCode.OK, await PostAsync(token, client: http));
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(token, client: http));
    }

    [Fact]
    public async Task No_token_is_refused()
        => Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(token: null));

    [Fact]
    public async Task A_garbage_token_is_refused()
        => Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync("not.a.jwt"));

    [Fact]
    public async Task A_token_for_another_audience_is_refused()
        => Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(_keys.Token(ServiceUrl, audience: "another-bot")));

    [Fact]
    public async Task A_token_signed_by_an_unknown_key_is_refused()
        => Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(_keys.Token(ServiceUrl, unknownKey: true)));

    [Fact]
    public async Task An_expired_token_is_refused_beyond_five_minutes_of_skew()
    {
        Assert.Equal(
            HttpStatusCode.Unauthorized, await PostAsync(_keys.Token(ServiceUrl, expiresIn: TimeSpan.FromMinutes(-6))));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(_keys.Token(ServiceUrl, expiresIn: TimeSpan.FromMinutes(-4))));
    }

    [Fact]
    public async Task A_token_whose_serviceurl_differs_from_the_activity_is_refused()
        => Assert.Equal(HttpStatusCode.Unauthorized,
            await PostAsync(_keys.Token("https://smba.trafficmanager.net/evil/"), ServiceUrl));

    [Fact]
    public async Task A_token_signed_by_a_key_not_endorsed_for_teams_is_refused()
        => Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(_keys.Token(ServiceUrl, otherChannelKey: true)));

    [Fact]
    public async Task A_token_from_another_issuer_is_refused()
        => Assert.Equal(HttpStatusCode.Unauthorized,
            await PostAsync(_keys.Token(ServiceUrl, issuer: "https://sts.windows.net/someone/")));

    [Fact]
    public async Task Refused_activities_reach_nothing()
    {
        await PostAsync(token: null);
        await PostAsync(_keys.Token(ServiceUrl, audience: "another-bot"));

        Assert.Empty(_connector.Calls);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _bot.DisposeAsync();
        await _connector.DisposeAsync();
        await _keys.DisposeAsync();
    }
}
