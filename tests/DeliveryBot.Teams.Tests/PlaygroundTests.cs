using DeliveryBot.Teams.Connector;
using DeliveryBot.Teams.Conversations;
using DeliveryBot.Teams.Protocol;
using DeliveryBot.Teams.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DeliveryBot.Teams.Tests;

/// <summary>
/// End to end with Microsoft's Agents Playground: the bot on real Kestrel, the playground posting real Bot
/// Framework activities to it and hosting the Bot Connector the bot answers through.
/// </summary>
public sealed class PlaygroundTests : IAsyncLifetime
{
    private ChannelFactory _bot = null!;
    private Playground _playground = null!;

    public async Task InitializeAsync()
    {
        _bot = new ChannelFactory(new Dictionary<string, string?>());
        // a port nobody else can take first
        _bot.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        _bot.StartServer();
        var address = _bot.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();
        _playground = await Playground.StartAsync(new Uri(new Uri(address), "/api/messages"));
    }

    [Fact]
    public async Task A_user_says_help_and_the_reply_arrives_in_the_chat()
    {
        await _playground.SayAsync(_playground.PersonalChatId, "help");

        var reply = await _playground.NextBotMessageAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(_playground.PersonalChatId, reply.GetProperty("actionConversationId").GetString());
        // the help card, with its "Start a delivery" button
        Assert.Contains("help.new", reply.GetProperty("message").GetRawText());
    }

    [Fact]
    public async Task An_unknown_command_suggests_the_nearest_one()
    {
        await _playground.SayAsync(_playground.PersonalChatId, "hlp");

        var reply = await _playground.NextBotMessageAsync(TimeSpan.FromSeconds(30));
        Assert.StartsWith("I don't know the command `hlp`. Did you mean `help`?", reply.GetProperty("message")
            .GetProperty("text").GetString());
    }

    [Fact]
    public async Task The_bot_opens_a_chat_with_another_user_from_the_roster_and_sends_to_it()
    {
        await _playground.SayAsync(_playground.PersonalChatId, "help"); // the bot learns the tenant's service URL
        await _playground.NextBotMessageAsync(TimeSpan.FromSeconds(30));
        var references = _bot.Services.GetRequiredService<ConversationReferences>();
        var known = (await references.FindTenantAsync(_playground.TenantId, CancellationToken.None))!;
        var connector = _bot.Services.GetRequiredService<IBotConnector>();
        var (roster, members) = await connector.GetMembersAsync(
            known.ServiceUrl, _playground.GroupChatId, CancellationToken.None);
        Assert.Equal(SendStatus.Sent, roster.Status);
        var megan = members.First(m => m.Id == "user-id-1");

        var result = await _bot.Services.GetRequiredService<ProactiveMessenger>()
            .SendToUserAsync(_playground.TenantId, megan, Activity.Message("Your schedule acknowledgement is awaited."),
                CancellationToken.None);

        Assert.Equal(SendStatus.Sent, result.Status);
        var chat = await references.FindUserAsync(megan.EntraId!, CancellationToken.None);
        Assert.NotNull(chat);
        Assert.NotEqual(_playground.PersonalChatId, chat.ConversationId);
        var recording = await WaitForAsync(() => _playground.RecordingAsync(),
            r => r.Contains("Your schedule acknowledgement is awaited.", StringComparison.Ordinal));
        Assert.Contains(chat.ConversationId, recording);
    }

    private static async Task<string> WaitForAsync(Func<Task<string>> read, Func<string, bool> done)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        string text;
        while (!done(text = await read()) && await poll.WaitForNextTickAsync(timeout.Token)) { }
        return text;
    }

    public async Task DisposeAsync()
    {
        await _playground.DisposeAsync();
        await _bot.DisposeAsync();
    }
}
