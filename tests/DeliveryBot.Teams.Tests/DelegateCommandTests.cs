using System.Globalization;
using System.Text.Json;
using DeliveryBot.Application.Messages;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.People;
using DeliveryBot.Teams.Tests.Support;
using DeliveryBot.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace DeliveryBot.Teams.Tests;

/// <summary>`delegate`: out of office through real messages, the delegate @mentioned or given by email.</summary>
public sealed class DelegateCommandTests : ChannelTest
{
    private static readonly string Until =
        DateTime.UtcNow.AddDays(10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private IDeliveryStore _store = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _store = Bot.Services.GetRequiredService<IDeliveryStore>();
        foreach (var _ in Enumerable.Range(0, 2))
        {
            var id = await _store.NextDeliveryIdAsync(Activities.Tenant);
            await _store.SaveAsync(Contoso.Own(
                Domain.Deliveries.Delivery.Restore(Scenario.Opened().ToQa().Delivery.State with { Id = id })), 0,
                Scenario.Start);
        }
        Connector.Roster = [("29:quinn", "Quinn", "oid-quinn"), ("29:sam", "Sam", "oid-sam")];
    }

    private async Task<string> SayAsync(string who, string text, string id, string entities = "[]")
    {
        var json = Activities.Message(Connector.ServiceUrl, text, "groupChat", "19:team", id: id,
            fromOid: $"oid-{who.ToLowerInvariant()}", fromName: who)
            .Replace("\"entities\":[]", $"\"entities\":{entities}", StringComparison.Ordinal);
        await PostAsync(json);
        // not the 1:1 cards it sets off
        var reply = Connector.Sends.Last(c => c.Path.EndsWith($"/activities/{id}", StringComparison.Ordinal));
        return JsonDocument.Parse(reply.Body).RootElement.GetProperty("text").GetString()!;
    }

    private async Task<IReadOnlyList<string>> DelegatesAsync(string id, Role role)
        => [.. (await _store.FindAsync(Contoso.Key(id)))!.State.Delegations.Where(d => d.Role == role)
            .Select(d => d.To.DisplayName)];

    private const string MentionSam =
        """[{"type":"mention","mentioned":{"id":"29:sam","name":"Sam"},"text":"<at>Sam</at>"}]""";

    /// <summary>Quinn hands QA to Sam on both deliveries; Quinn, Sam and Dana have 1:1 chats with the bot.</summary>
    private async Task QuinnAwayAsync()
    {
        foreach (var who in new[] { "Quinn", "Sam", "Dana" })
            (await PostAsync(Activities.Message(Connector.ServiceUrl, "help", "personal", $"a:personal-{who}",
                id: $"hello-{who}", fromOid: $"oid-{who.ToLowerInvariant()}", fromName: who)))
                .EnsureSuccessStatusCode();
        Assert.Contains("**D2** ✅", await SayAsync("Quinn", $"delegate qa to <at>Sam</at> until {Until}", "away",
            MentionSam));
    }

    /// <summary>What the bot posted on its own (not replies) to someone's 1:1 chat, once everything went.</summary>
    private async Task<IReadOnlyList<string>> ToldAsync(string who)
    {
        await Bot.Services.GetRequiredService<OutboxDispatcher>().WhenIdleAsync();
        return [.. Connector.Sends
            .Where(c => c is { Method: "POST" } && c.Path == $"/v3/conversations/a:personal-{who}/activities")
            .Select(c => c.Body)];
    }

    [Fact]
    public async Task The_holder_takes_their_role_back_early_everywhere_and_the_delegate_is_told()
    {
        await QuinnAwayAsync();

        var answer = await SayAsync("Quinn", "delegate qa end", "back");

        Assert.Contains("**D1** ✅ Delegation of the QA Engineer role from Quinn to Sam ended by Quinn.", answer);
        Assert.Contains("**D2** ✅", answer);
        foreach (var id in new[] { "D1", "D2" })
            Assert.NotNull((await _store.FindAsync(Contoso.Key(id)))!.State.Delegations.Single().EndedAt);
        var told = (await ToldAsync("Sam")).Where(b => b.Contains("ended the delegation", StringComparison.Ordinal));
        Assert.Equal(2, told.Count());
        Assert.Contains(told, b => b.Contains(
            "Quinn ended the delegation of the QA Engineer role from Quinn to Sam (it was to run until "
                + $"{Until}): the role is back with Quinn.", StringComparison.Ordinal));
        // Quinn has the answer; telling them again would be noise
        Assert.DoesNotContain(
            await ToldAsync("Quinn"), b => b.Contains("ended the delegation", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_dm_ends_a_delegation_on_one_delivery_and_both_the_holder_and_the_delegate_are_told()
    {
        await QuinnAwayAsync();

        var answer = await SayAsync("Dana", "delegate D2 qa end", "dm-ends");

        Assert.StartsWith("**D2** ✅ Delegation of the QA Engineer role from Quinn to Sam ended by Dana.", answer);
        Assert.Equal(["Sam"], await DelegatesInForceAsync("D1"));
        Assert.Empty(await DelegatesInForceAsync("D2"));
        foreach (var who in new[] { "Quinn", "Sam" })
            Assert.Single(await ToldAsync(who), b => b.Contains("**D2**", StringComparison.Ordinal)
                && b.Contains("Dana ended the delegation of the QA Engineer role", StringComparison.Ordinal));
        var audit = await _store.AuditAsync(Contoso.Key("D2"));
        Assert.Equal(("end-delegation", "Dana"), (audit[^1].Action, audit[^1].Actor.DisplayName));
    }

    [Theory]
    [InlineData("Pablo", "delegate qa end", "You have no delegation of the QA Engineer role in force")]
    [InlineData("Mallory", "delegate D1 qa end", "🚫 Only the Delivery Manager (Dana) can do this.")]
    [InlineData("Dana", "delegate D1 pla end",
        "⛔ No delegation of the Production Line Architect role is in force on delivery D1.")]
    [InlineData("Dana", "delegate D1 tester end", "is not a role")]
    public async Task Ending_what_is_not_theirs_or_not_there_changes_nothing_and_says_why(
        string who, string text, string expected)
    {
        await QuinnAwayAsync();

        Assert.Contains(expected, await SayAsync(who, text, "end-refused"));
        Assert.Equal(["Sam"], await DelegatesInForceAsync("D1"));
        Assert.Equal(["Sam"], await DelegatesInForceAsync("D2"));
    }

    private async Task<IReadOnlyList<string>> DelegatesInForceAsync(string id)
        => [.. (await _store.FindAsync(Contoso.Key(id)))!.State.Delegations.Where(d => d.EndedAt is null)
            .Select(d => d.To.DisplayName)];

    [Fact]
    public async Task The_holder_hands_their_role_to_an_at_mentioned_colleague_on_every_delivery_they_hold_it()
    {
        var answer = await SayAsync("Quinn", $"delegate qa to <at>Sam</at> until {Until} because annual leave", "m1",
            """[{"type":"mention","mentioned":{"id":"29:sam","name":"Sam"},"text":"<at>Sam</at>"}]""");

        Assert.Contains("**D1** ✅", answer);
        Assert.Contains("**D2** ✅", answer);
        Assert.Equal(["Sam"], await DelegatesAsync("D1", Role.QaEngineer));
        Assert.Equal("oid-sam", (await _store.FindAsync(Contoso.Key("D2")))!.State.Delegations.Single().To.ObjectId);
    }

    [Fact]
    public async Task The_dm_delegates_for_a_holder_on_one_delivery_to_someone_known_by_email()
    {
        var answer = await SayAsync(
            "Dana", $"delegate D2 production line architect to sam@contoso.test until {Until}", "m1");

        Assert.Contains("**D2** ✅", answer);
        Assert.Equal(["sam@contoso.test"], await DelegatesAsync("D2", Role.ProductionLineArchitect));
        Assert.Empty(await DelegatesAsync("D1", Role.ProductionLineArchitect));
    }

    [Theory]
    [InlineData("Quinn", "delegate qa to sam@contoso.test until next friday", "is not a date")]
    [InlineData("Quinn", "delegate tester to sam@contoso.test until 2030-01-01", "is not a role")]
    [InlineData("Quinn", "delegate qa to Sam until 2030-01-01", "Who to?")]
    [InlineData("Quinn", "delegate qa", "Type `delegate")]
    [InlineData("Mallory", "delegate qa to sam@contoso.test until 2030-01-01",
        "You are not the QA Engineer of any open delivery.")]
    [InlineData("Pablo", "delegate D1 qa to sam@contoso.test until 2030-01-01", "🚫")]
    public async Task Bad_requests_change_nothing_and_say_why(string who, string text, string expected)
    {
        Assert.Contains(expected, await SayAsync(who, text, "m1"));
        Assert.Empty((await _store.FindAsync(Contoso.Key("D1")))!.State.Delegations);
    }

    [Fact]
    public async Task A_crafted_request_is_answered_like_any_other_and_changes_nothing()
    {
        // "a to " five thousand times: a backtracking grammar tried every split of it (a core for a second, then no
        // answer).
        var answer = await SayAsync("Quinn", "delegate " + string.Concat(Enumerable.Repeat("a to ", 5000)), "m1");

        Assert.Contains("Type `delegate", answer);
        Assert.Empty((await _store.FindAsync(Contoso.Key("D1")))!.State.Delegations);
    }
}
