using System.Security.Cryptography;
using System.Text.Json;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Teams.Cards;
using DeliveryBot.Teams.Notifications;
using DeliveryBot.TestKit;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Teams.Tests.Cards;

/// <summary>
/// A posted card is updated only when its digest changes. The digest is taken over the card as written, which is
/// only right if every card is written alike: minified, text as UTF-8, so that two draws that look the same are the
/// same bytes.
/// </summary>
public sealed class CardDigestTests
{
    private static readonly JsonSerializerOptions AsSent =
        new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static TheoryData<string> CardNames() => [.. CardSamples.All.Keys.Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(CardNames))]
    public void A_card_is_written_in_one_form_and_its_digest_taken_over_it(string template)
    {
        var sample = CardSamples.All[template]();
        var card = CardSamples.Cards.Draw(
            new CardRef(template, sample.Delivery.Id, sample.Focus), sample.Delivery, sample.Context);

        var canonical = JsonSerializer.SerializeToUtf8Bytes(card.Element, AsSent);
        Assert.Equal(System.Text.Encoding.UTF8.GetString(canonical), card.ToString());
        Assert.Equal(Convert.ToHexString(SHA256.HashData(canonical))[..32], CardPoster.Digest(card));
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
