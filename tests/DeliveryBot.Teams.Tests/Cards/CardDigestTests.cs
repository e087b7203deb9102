using System.Security.Cryptography;
using System.Text.Json;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Teams.Cards;
using DeliveryBot.Teams.Notifications;
using DeliveryBot.TestKit;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Teams.Tests.Cards;

/// <summary>
/// A posted card is updated only when its digest changes. The digest is taken over the card as written; it must be
/// what it was when taken over the card serialized again, or every card posted before an upgrade would be redrawn
/// once after it for no change.
/// </summary>
public sealed class CardDigestTests
{
    public static TheoryData<string> CardNames() => [.. CardSamples.All.Keys.Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(CardNames))]
    public void A_cards_digest_is_the_one_taken_over_the_card_serialized_again(string template)
    {
        var sample = CardSamples.All[template]();
        var card = CardSamples.Cards.Draw(
            new CardRef(template, sample.Delivery.Id, sample.Focus), sample.Delivery, sample.Context);

        var before = Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(card)))[..32];
        Assert.Equal(before, CardPoster.Digest(card));
    }

    [Fact]
    public void A_decision_changes_the_digest_and_drawing_again_does_not()
    {
        var s = Scenario.Opened().Planned();
        var gate = new CardRef(Templates.Gate, s.Delivery.Id, "schedule-acknowledged-pla");
        var context = new CardContext(s.Clock.GetUtcNow());
        var open = CardPoster.Digest(CardSamples.Cards.Draw(gate, s.Delivery, context));

        Assert.Equal(open, CardPoster.Digest(CardSamples.Cards.Draw(gate, s.Delivery, context)));
        s.Ok(Pablo, new AcknowledgeGate("schedule-acknowledged-pla"));
        Assert.NotEqual(open, CardPoster.Digest(CardSamples.Cards.Draw(gate, s.Delivery, context)));
    }
}
