using System.Text.Json;
using DeliveryBot.Application.Storage;
using DeliveryBot.Teams.Commands;
using DeliveryBot.Teams.Tests.Support;
using DeliveryBot.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DeliveryBot.Teams.Tests;

/// <summary>
/// One person typing commands faster than anyone reads them (three here, in ten seconds) is told once and the rest are
/// not run nor answered, so the group chat's Teams limits stay for everyone else in it; the allowance is each person's
/// in their organisation, and it comes back as the window slides.
/// </summary>
public sealed class CommandAllowanceTests : ChannelTest
{
    private const string Chat = "19:planning@thread.v2";
    private readonly ManualClock _clock = new(Scenario.Start);
    private IDeliveryStore _store = null!;
    private int _ids;

    protected override Dictionary<string, string?> Settings => new() { ["Bot:CommandsPerPerson"] = "3" };

    // the allowance on a clock of the test's; everything else on the real one
    protected override Action<IServiceCollection>? TestServices => services => services.AddSingleton(
        sp => new CommandAllowance(sp.GetRequiredService<IOptions<BotOptions>>(), _clock));

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _store = Bot.Services.GetRequiredService<IDeliveryStore>();
        await _store.SaveAsync(Contoso.Own(Scenario.Opened().ToProduction().Delivery), 0, Scenario.Start);
    }

    /// <summary>What the bot answered in the chat to this message, if anything.</summary>
    private async Task<string?> SayAsync(string who, string text, string tenant = Activities.Tenant)
    {
        var id = $"m-{Interlocked.Increment(ref _ids)}";
        await PostAsync(Activities.Message(Connector.ServiceUrl, text, conversationType: "groupChat",
            conversationId: Chat, tenant: tenant, id: id, fromOid: $"oid-{who.ToLowerInvariant()}", fromName: who));
        var reply = Connector.Sends.LastOrDefault(c => c.Path.EndsWith($"/activities/{id}", StringComparison.Ordinal));
        return reply is null ? null : JsonDocument.Parse(reply.Body).RootElement.GetProperty("text").GetString();
    }

    [Fact]
    public async Task Past_the_allowance_a_person_is_told_once_nothing_changes_and_a_colleague_is_still_answered()
    {
        for (var i = 0; i < 3; i++) Assert.StartsWith("**Open deliveries** (1)", await SayAsync("Adele", "list"));
        var sendsBefore = Connector.Sends.Count;

        var refused = await SayAsync("Adele", "blocker D1 the VPN is down");
        var quiet = await SayAsync("Adele", "blocker D1 the VPN is still down");
        var colleague = await SayAsync("Megan", "list");

        Assert.Equal(
            "⏳ That is more than 3 commands in 10 seconds: I answer at most that many from one person, so that "
                + "everyone in the chat still gets answers. I did not run that one, nor any more you send in the "
                + "next 10 seconds; nothing was changed. Send it again after that.",
            refused);
        Assert.Null(quiet);
        Assert.StartsWith("**Open deliveries** (1)", colleague);
        // the one notice and Megan's answer, nothing else: no blocker, so no card redrawn nor anyone told
        Assert.Equal(sendsBefore + 2, Connector.Sends.Count);
        Assert.Empty((await _store.FindAsync(Contoso.Key("D1")))!.State.Blockers);
    }

    [Fact]
    public async Task The_allowance_comes_back_as_the_window_slides_and_is_told_again_once_a_window()
    {
        var answers = new List<string?>();
        async Task At(double seconds)
        {
            _clock.Set(Scenario.Start.AddSeconds(seconds));
            answers.Add(await SayAsync("Adele", "list"));
        }

        await At(0);
        await At(3);
        await At(6);
        await At(9); // three in the window: told, the first of them counts until 10 s
        await At(10); // it has left the window
        await At(10); // three again; told at 9 s, so not told again
        await At(13);
        await At(16);
        await At(19); // three (10, 13, 16): told again, the notice of 9 s having left the window

        Assert.Equal(
            ["list", "list", "list", "told", "list", null, "list", "list", "told"],
            answers.Select(a => a switch
            {
                null => null,
                _ when a.StartsWith("**Open deliveries** (1)", StringComparison.Ordinal) => "list",
                _ when a.StartsWith('⏳') => "told",
                _ => a,
            }));
        Assert.Contains("any more you send in the next 1 second;", answers[3]);
        Assert.Contains("any more you send in the next 1 second;", answers[8]);
    }

    [Fact]
    public async Task The_allowance_is_each_person_s_in_their_own_organisation()
    {
        for (var i = 0; i < 3; i++) await SayAsync("Adele", "list");
        Assert.StartsWith("⏳", await SayAsync("Adele", "list"));

        // the same object id in another organisation is someone else: Fabrikam has no deliveries, and says so
        Assert.StartsWith("There are no open deliveries.", await SayAsync("Adele", "list", tenant: "tenant-fabrikam"));
    }
}
