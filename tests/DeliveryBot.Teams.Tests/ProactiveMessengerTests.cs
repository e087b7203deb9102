using System.Text;
using System.Text.Json;
using DeliveryBot.Application.Storage;
using DeliveryBot.Teams.Connector;
using DeliveryBot.Teams.Conversations;
using DeliveryBot.Teams.Protocol;
using DeliveryBot.Teams.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DeliveryBot.Teams.Tests;

/// <summary>Sending to a person who has not spoken to the bot: open their 1:1 chat, send, record
/// reachability.</summary>
public sealed class ProactiveMessengerTests : IAsyncLifetime
{
    private FakeConnector _fake = null!;
    private ChannelFactory _bot = null!;
    private ProactiveMessenger _messenger = null!;
    private IConversationStore _store = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeConnector.StartAsync();
        _bot = new ChannelFactory(new Dictionary<string, string?> { ["Bot:RetryBaseDelay"] = "00:00:00.010" });
        _messenger = _bot.Services.GetRequiredService<ProactiveMessenger>();
        _store = _bot.Services.GetRequiredService<IConversationStore>();
        // Someone in the tenant talks to the bot in a group chat: the bot now knows the tenant's service URL.
        using var http = _bot.CreateClient();
        await http.PostAsync(new Uri("/api/messages", UriKind.Relative), new StringContent(
            Activities.Message(_fake.ServiceUrl, "hello", "groupChat", "a:group-1"), Encoding.UTF8,
                "application/json"));
        while (_fake.Calls.TryDequeue(out _)) { }
    }

    private Task<SendResult> NudgeAsync(string oid = "oid-quinn")
        => _messenger.SendToUserAsync(
            Activities.Tenant, oid, Activity.Message("Your QA verdict is awaited."), CancellationToken.None);

    [Fact]
    public async Task A_person_without_a_chat_gets_one_opened_then_the_message()
    {
        var result = await NudgeAsync();

        Assert.Equal(SendStatus.Sent, result.Status);
        var calls = _fake.Calls.ToList();
        Assert.Equal("POST /v3/conversations", $"{calls[0].Method} {calls[0].Path}");
        var chat = calls[1].Path.Split('/')[3];
        Assert.Equal($"POST /v3/conversations/{chat}/activities", $"{calls[1].Method} {calls[1].Path}");
        var create = JsonDocument.Parse(calls[0].Body).RootElement;
        Assert.Equal("oid-quinn", create.GetProperty("members")[0].GetProperty("id").GetString());
        Assert.Equal(
            Activities.Tenant, create.GetProperty("channelData").GetProperty("tenant").GetProperty("id").GetString());
        Assert.Contains(chat, await _store.FindReferenceAsync("user:oid-quinn"));
    }

    [Fact]
    public async Task The_second_message_reuses_the_chat()
    {
        await NudgeAsync();
        await NudgeAsync();

        Assert.Single(_fake.Calls, c => c.Path == "/v3/conversations");
        Assert.Equal(2, _fake.Sends.Count);
    }

    [Fact]
    public async Task A_blocked_bot_marks_the_person_unreachable_and_a_later_success_clears_it()
    {
        await NudgeAsync();
        _fake.Script((403, null,
            """{"error":{"code":"ConversationBlockedByUser","message":"User blocked the conversation with the bot."}}"""));

        var blocked = await NudgeAsync();

        Assert.Equal(SendStatus.Unreachable, blocked.Status);
        var reachability = await _store.FindReachabilityAsync("oid-quinn");
        Assert.False(reachability!.Reachable);
        Assert.Contains("ConversationBlockedByUser", reachability.Reason);

        Assert.Equal(SendStatus.Sent, (await NudgeAsync()).Status);
        Assert.True((await _store.FindReachabilityAsync("oid-quinn"))!.Reachable);
    }

    [Fact]
    public async Task A_tenant_the_bot_has_never_seen_is_a_clear_failure()
    {
        var result = await _messenger.SendToUserAsync(
            "tenant-unknown", "oid-x", Activity.Message("hi"), CancellationToken.None);

        Assert.Equal(SendStatus.Failed, result.Status);
        Assert.Contains("has not been used in tenant tenant-unknown", result.Reason);
        Assert.Empty(_fake.Calls);
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _fake.DisposeAsync();
    }
}
