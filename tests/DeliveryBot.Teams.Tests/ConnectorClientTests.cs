using DeliveryBot.TestKit;
using Stopwatch = System.Diagnostics.Stopwatch;
using DeliveryBot.Teams.Connector;
using DeliveryBot.Teams.Conversations;
using DeliveryBot.Teams.Protocol;
using DeliveryBot.Teams.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DeliveryBot.Teams.Tests;

/// <summary>The Bot Connector client against a local fake connector that throttles, fails and refuses on cue.</summary>
public sealed class ConnectorClientTests : IAsyncLifetime
{
    private FakeConnector _fake = null!;
    private ChannelFactory _bot = null!;
    private IBotConnector _connector = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeConnector.StartAsync();
        _bot = new ChannelFactory(
            new Dictionary<string, string?> { ["Bot:RetryBaseDelay"] = "00:00:00.010", ["Bot:MaxRetries"] = "3" });
        _connector = _bot.Services.GetRequiredService<IBotConnector>();
    }

    private Task<SendResult> SendAsync(string conversation = "a:c1")
        => _connector.SendAsync(_fake.ServiceUrl.ToString(), conversation, Activity.Message("hi"), "tenant-contoso",
            CancellationToken.None);

    [Fact]
    public async Task A_send_returns_the_new_activity_id()
    {
        var result = await SendAsync();

        Assert.Equal(SendStatus.Sent, result.Status);
        Assert.StartsWith("m", result.ActivityId);
        Assert.Equal("Bearer test-app-token", Assert.Single(_fake.Calls).Authorization);
    }

    [Fact]
    public async Task Each_call_carries_the_token_of_its_moment_and_a_service_url_is_one_with_or_without_its_slash()
    {
        var token = new RenewedToken("first-token");
        await using var bot = new ChannelFactory(new Dictionary<string, string?>())
        {
            TestServices = services => services.AddSingleton<IAppTokenProvider>(token),
        };
        var connector = bot.Services.GetRequiredService<IBotConnector>();
        var withSlash = _fake.ServiceUrl.ToString();
        Assert.EndsWith("/", withSlash);

        foreach (var (url, current) in new[]
        {
            (withSlash, "first-token"), (withSlash.TrimEnd('/'), "first-token"), (withSlash, "renewed-token"),
            (withSlash.TrimEnd('/'), "renewed-token"), (withSlash + "/", "first-token"),
        })
        {
            token.Current = current;
            var result = await connector.SendAsync(url, "a:c1", Activity.Message("hi"), null, CancellationToken.None);
            Assert.Equal(SendStatus.Sent, result.Status);
        }

        Assert.Equal(
            ["first-token", "first-token", "renewed-token", "renewed-token", "first-token"],
            _fake.Calls.Select(c => c.Authorization?.Replace("Bearer ", "", StringComparison.Ordinal)));
        Assert.All(_fake.Calls, c => Assert.Equal("/v3/conversations/a:c1/activities", c.Path));
    }

    private sealed class RenewedToken(string current) : IAppTokenProvider
    {
        public string Current { get; set; } = current;

        public Task<string?> GetTokenAsync(CancellationToken ct) => Task.FromResult<string?>(Current);
    }

    [Fact]
    public async Task A_429_is_retried_after_exactly_the_retry_after_it_gave()
    {
        _fake.Script((429, "1", null));
        var clock = Stopwatch.StartNew();

        var result = await SendAsync();

        Assert.Equal(SendStatus.Sent, result.Status);
        Assert.Equal(2, _fake.Calls.Count);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(950), TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData(503)]
    [InlineData(502)]
    [InlineData(504)]
    [InlineData(412)]
    public async Task Transient_failures_are_retried_until_they_pass(int status)
    {
        _fake.Script((status, null, null), (status, null, null));

        Assert.Equal(SendStatus.Sent, (await SendAsync()).Status);
        Assert.Equal(3, _fake.Calls.Count);
    }

    [Fact]
    public async Task A_failure_that_outlasts_the_retries_is_reported_not_thrown()
    {
        _fake.Script((503, null, null), (503, null, null), (503, null, null), (503, null, null), (503, null, null));

        var result = await SendAsync();

        Assert.Equal((SendStatus.Failed, 503), (result.Status, result.HttpStatus));
        Assert.Equal(4, _fake.Calls.Count); // the first try and three retries
    }

    [Theory]
    [InlineData(403,
        """{"error":{"code":"ConversationBlockedByUser","message":"User blocked the conversation with the bot."}}""")]
    [InlineData(404, """{"error":{"code":"ConversationNotFound","message":"Conversation not found."}}""")]
    public async Task A_blocked_or_removed_bot_is_unreachable_at_once_with_the_reason(int status, string body)
    {
        _fake.Script((status, null, body));

        var result = await SendAsync();

        Assert.Equal(SendStatus.Unreachable, result.Status);
        Assert.Contains(status == 403 ? "ConversationBlockedByUser" : "ConversationNotFound", result.Reason);
        Assert.Single(_fake.Calls);
    }

    [Fact]
    public async Task A_client_error_is_not_retried()
    {
        _fake.Script((400, null, null));

        Assert.Equal(SendStatus.Failed, (await SendAsync()).Status);
        Assert.Single(_fake.Calls);
    }

    [Fact]
    public async Task An_unreachable_connector_is_a_failure_not_an_exception()
    {
        var result = await _connector.SendAsync(
            "http://127.0.0.1:1/", "a:c1", Activity.Message("hi"), null, CancellationToken.None);

        Assert.Equal(SendStatus.Failed, result.Status);
    }

    [Fact]
    public async Task A_burst_to_one_conversation_is_paced_under_teams_limits_and_never_throttled()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => SendAsync("a:burst")));

        Assert.All(results, r => Assert.Equal(SendStatus.Sent, r.Status));
        Assert.Equal(0, _fake.Throttled);
        var times = _fake.Calls.Select(c => c.At).Order().ToList();
        for (var i = 8; i < times.Count; i++) Assert.True(
            times[i] - times[i - 8] >= TimeSpan.FromSeconds(1.9), "more than 8 sends in 2 seconds");
    }

    [Fact]
    public async Task Update_delete_create_and_members_speak_the_v3_api()
    {
        var url = _fake.ServiceUrl.ToString();
        var created = await _connector.CreateConversationAsync(
            url, new ConversationParameters { Members = [new ChannelAccount { Id = "oid-pablo" }], TenantId = "t" },
            CancellationToken.None);
        var updated = await _connector.UpdateAsync(
            url, "a:c1", "m7", Activity.Message("edited"), null, CancellationToken.None);
        var deleted = await _connector.DeleteAsync(url, "a:c1", "m7", null, CancellationToken.None);
        var (membersResult, members) = await _connector.GetMembersAsync(url, "a:c1", CancellationToken.None);

        Assert.StartsWith("a:conversation-", created.ActivityId);
        Assert.Equal([SendStatus.Sent, SendStatus.Sent, SendStatus.Sent],
            new[] { updated.Status, deleted.Status, membersResult.Status });
        Assert.Equal("oid-pablo", Assert.Single(members).AadObjectId);
        Assert.Equal(["POST /v3/conversations", "PUT /v3/conversations/a:c1/activities/m7",
            "DELETE /v3/conversations/a:c1/activities/m7", "GET /v3/conversations/a:c1/members"],
            _fake.Calls.Select(c => $"{c.Method} {c.Path}"));
    }

    [Fact]
    public async Task An_answer_that_is_not_what_the_call_answers_is_a_failed_call_not_a_crash()
    {
        _fake.ScriptFor("GET", "/v3/conversations/a:c1/members", (200, null, """{"id":"not a list"}"""));

        var (result, members) = await _connector.GetMembersAsync(
            _fake.ServiceUrl.ToString(), "a:c1", CancellationToken.None);

        Assert.Equal((SendStatus.Failed, 200), (result.Status, result.HttpStatus));
        Assert.Contains("could not be read", result.Reason, StringComparison.Ordinal);
        Assert.Empty(members);
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _fake.DisposeAsync();
    }
}

/// <summary>With authentication on, the app token only goes to service URLs that came from authenticated
/// activities.</summary>
public sealed class ServiceUrlTrustTests : IAsyncLifetime
{
    private FakeConnector _fake = null!;
    private ChannelFactory _bot = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeConnector.StartAsync();
        _bot = new ChannelFactory(new Dictionary<string, string?> { ["MicrosoftAppId"] = TestSigningKeys.AppId,
            ["MicrosoftAppPassword"] = "x" });
    }

    [Fact]
    public async Task An_unknown_service_url_gets_nothing_not_even_the_token()
    {
        var result = await _bot.Services.GetRequiredService<IBotConnector>()
            .SendAsync(_fake.ServiceUrl.ToString(), "a:c1", Activity.Message("hi"), null, CancellationToken.None);

        Assert.Equal(SendStatus.Failed, result.Status);
        Assert.Contains("did not come from an authenticated activity", result.Reason);
        Assert.Empty(_fake.Calls);
    }

    [Fact]
    public async Task A_stored_reference_makes_its_service_url_trusted()
    {
        var reference = new ConversationReference(
            ServiceUrl: _fake.ServiceUrl.ToString(),
            ChannelId: "msteams",
            ConversationId: "a:c1",
            ConversationType: "personal",
            TenantId: "t",
            BotId: "28:bot",
            BotName: "DeliveryBot",
            UserId: "29:p",
            UserAadObjectId: "oid-pablo",
            UserName: "Pablo");
        await _bot.Services.GetRequiredService<ConversationReferences>()
            .SaveUserAsync("oid-pablo", reference, CancellationToken.None);
        await _bot.Services.GetRequiredService<ConversationReferences>()
            .FindUserAsync("oid-pablo", CancellationToken.None);

        var result = await _bot.Services.GetRequiredService<IBotConnector>()
            .SendAsync(_fake.ServiceUrl.ToString(), "a:c1", Activity.Message("hi"), null, CancellationToken.None);

        Assert.Equal(SendStatus.Sent, result.Status);
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _fake.DisposeAsync();
    }
}
