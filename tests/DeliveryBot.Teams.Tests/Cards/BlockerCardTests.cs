using DeliveryBot.Application.Messages;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Record;
using DeliveryBot.TestKit;
using Microsoft.Extensions.DependencyInjection;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Teams.Tests.Cards;

/// <summary>
/// A stage-3 blocker through real activities: raised in chat with what it delays, the DM and the PLA each get its
/// card; resolved from the card (or `resolve D1-B1`), the PLA's "production complete" card comes back.
/// </summary>
public sealed class BlockerCardTests : DeliveryCardClicks
{
    private static Scenario Started()
    {
        var s = Scenario.Opened().ToProduction();
        s.Ok(Pablo, new RecordCheckIn(CheckInStatus.OnTrack, null));
        return s;
    }

    private Task IdleAsync() => Bot.Services.GetRequiredService<OutboxDispatcher>().WhenIdleAsync();

    private IReadOnlyList<string> BlockerCardsSent()
        => [.. Connector.Sends
            .Where(c => c.Method == "POST" && c.Body.Contains("\"card\":\"blocker\"", StringComparison.Ordinal))
            .Select(c => c.Body)];

    [Fact]
    public async Task A_blocker_raised_in_chat_with_its_delay_reaches_the_dm_and_the_pla_on_its_card()
    {
        await StoreAsync(Started());

        var reply = await SayAsync(Quinn, "blocker D1 test invoices not delivered, delays QA submitted by 3 days");
        await IdleAsync();

        Assert.Contains("Blocker B1 raised by Quinn", reply.GetRawText(), StringComparison.Ordinal);
        var blocker = Assert.Single((await NowAsync()).State.Blockers);
        Assert.Equal(("test invoices not delivered", "QA submitted by 3 business days"),
            (blocker.Description, blocker.DelayText));
        Assert.Equal(2, BlockerCardsSent().Count); // Dana and Pablo; Quinn raised it and was answered in chat
        var card = await SeenByAsync(Pablo, "blocker", focus: "B1");
        Assert.Contains("QA submitted by 3 business days", Texts(card), StringComparison.Ordinal);
        Assert.Equal(["Resolve", "Resolve"], Buttons(card));
    }

    [Theory]
    [InlineData("blocker D1 vendor down, delays the moon by 3 days", "Which milestone does it delay?")]
    [InlineData("blocker D1 vendor down, delays QA submitted by 0 days", "Say by how many business days")]
    public async Task A_delay_that_does_not_parse_is_refused_and_nothing_is_raised(string text, string said)
    {
        await StoreAsync(Started());

        var reply = await SayAsync(Pablo, text);

        Assert.Contains(said, reply.GetRawText(), StringComparison.Ordinal);
        Assert.Empty((await NowAsync()).State.Blockers);
    }

    [Fact]
    public async Task Resolved_from_its_card_the_blocker_frees_production_complete_and_the_pla_is_asked_again()
    {
        var s = Started();
        s.Ok(Quinn, new RaiseBlocker("Test invoices not delivered"));
        await StoreAsync(s);

        var refused = await ClickAsync(Mallory, "blocker", "blocker.resolve",
            Values(("resolution", "Not mine to say")), focus: "B1");
        Assert.Contains("Only the Delivery Manager (Dana) or the Production Line Architect (Pablo) can do this.",
            Texts(refused), StringComparison.Ordinal);
        Assert.Empty(Buttons(refused));
        Assert.True(Assert.Single((await NowAsync()).State.Blockers).IsOpen);
        var resolved = await ClickAsync(Dana, "blocker", "blocker.resolve",
            Values(("resolution", "The client sent them")), focus: "B1");
        await IdleAsync();

        Assert.Contains("Resolved by Dana", Texts(resolved), StringComparison.Ordinal);
        Assert.Empty(Buttons(resolved));
        Assert.False(Assert.Single((await NowAsync()).State.Blockers).IsOpen);
        Assert.Contains(Connector.Sends, c => c.Method == "POST"
            && c.Body.Contains("\"card\":\"production-complete\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Resolve_in_chat_takes_a_blocker_id_as_well_as_an_escalation_id()
    {
        var s = Started();
        s.Ok(Pablo, new RaiseBlocker("Vendor API down"));
        await StoreAsync(s);

        Assert.Contains("Only the Delivery Manager (Dana) or the Production Line Architect (Pablo)",
            (await SayAsync(Quinn, "resolve D1-B1 fixed")).GetRawText(), StringComparison.Ordinal);
        Assert.Contains("Blocker B1 resolved by Pablo: vendor fixed it",
            (await SayAsync(Pablo, "resolve d1-b1 vendor fixed it")).GetRawText(), StringComparison.Ordinal);
        Assert.Contains("There is no blocker B9",
            (await SayAsync(Dana, "resolve D1-B9 fixed")).GetRawText(), StringComparison.Ordinal);
    }
}
