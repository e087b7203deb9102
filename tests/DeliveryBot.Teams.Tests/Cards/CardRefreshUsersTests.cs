using System.Text.Json;
using DeliveryBot.TestKit;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Teams.Tests.Cards;

/// <summary>
/// The people Teams refreshes a card for on its own (<c>refresh.userIds</c>): those who can act on it, by the Teams
/// id of the 1:1 chat they have with the bot, looked up together when the card is drawn.
/// </summary>
public sealed class CardRefreshUsersTests : DeliveryCardClicks
{
    private const string Gate = "schedule-acknowledged-pla";

    [Fact]
    public async Task A_card_lists_those_who_can_act_on_it_whose_chat_with_the_bot_is_known_and_nobody_else()
    {
        await StoreAsync(Scenario.Opened().Planned());
        Assert.Empty(UserIds(await SeenByAsync(Dana, "gate", Gate))); // nobody has spoken to the bot yet

        await SayAsync(Pablo, "help"); // the PLA, whose acknowledgement the gate asks for
        await SayAsync(Quinn, "help"); // a stakeholder with nothing to do on this card

        Assert.Equal([$"29:{Pablo.ObjectId}"], UserIds(await SeenByAsync(Dana, "gate", Gate)));
        await SayAsync(Dana, "help"); // the DM may act on it too, but the gate waits on the PLA alone
        Assert.Equal([$"29:{Pablo.ObjectId}"], UserIds(await SeenByAsync(Quinn, "gate", Gate))); // whoever looks
    }

    private static List<string> UserIds(JsonElement response)
        => [.. Drawn(response).GetProperty("refresh").GetProperty("userIds").EnumerateArray()
            .Select(id => id.GetString()!)];
}
