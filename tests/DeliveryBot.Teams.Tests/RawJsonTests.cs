using System.Text;
using System.Text.Json;
using DeliveryBot.Teams.Protocol;

namespace DeliveryBot.Teams.Tests;

/// <summary>
/// A drawn card is carried as the JSON it was written as (<see cref="RawJson"/>): written out byte for byte in an
/// activity, and any attachment content Teams sends is read back into one.
/// </summary>
public sealed class RawJsonTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private const string Card =
        """{"type":"AdaptiveCard","version":"1.5","body":[{"type":"TextBlock","text":"D1 \u00b7 caf\u00e9"}]}""";

    [Fact]
    public void A_card_is_written_into_its_activity_exactly_as_drawn()
    {
        var activity = Activity.Card(new RawJson(Encoding.UTF8.GetBytes(Card)), "summary");

        var json = ActivityJson.Write(activity);

        Assert.Contains($"\"content\":{Card}", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Attachment_content_sent_by_teams_is_read_and_can_be_looked_into()
    {
        var inbound =
            $$"""{"type":"message","attachments":[{"contentType":"x","content":{{Card}}}, {"content":[1, 2]}]}""";

        var activity = ActivityJson.Parse(Encoding.UTF8.GetBytes(inbound));

        var card = activity.Attachments![0].Content!;
        Assert.Equal(Card, Encoding.UTF8.GetString(card.Utf8));
        Assert.Equal("D1 · café", card.Element.GetProperty("body")[0].GetProperty("text").GetString());
        Assert.Equal(JsonValueKind.Array, activity.Attachments[1].Content!.Element.ValueKind);
        Assert.Equal("[1, 2]", activity.Attachments[1].Content!.ToString());
    }

    [Fact]
    public void An_invoke_answer_carries_the_card_as_written()
    {
        var card = new RawJson(Encoding.UTF8.GetBytes(Card));

        var json = JsonSerializer.Serialize(Turns.InvokeAnswers.Card(card), Web);

        Assert.Contains($"\"value\":{Card}", json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rented_card_is_written_exactly_as_drawn_and_cannot_be_read_once_given_back()
    {
        // a rented buffer is usually longer than the card: only the card's own bytes are ever written
        var card = RawJson.Rented(Encoding.UTF8.GetBytes(Card));
        var json = ActivityJson.Write(Activity.Card(card, "summary"));
        Assert.Contains($"\"content\":{Card}", json, StringComparison.Ordinal);
        using (JsonDocument.Parse(json)) { } // nothing of the rest of the buffer after it
        Assert.Equal(Card, card.ToString());

        card.Return();
        card.Return(); // twice is once

        Assert.Throws<ObjectDisposedException>(() => card.Utf8.Length);
        Assert.Throws<ObjectDisposedException>(() => ActivityJson.Write(Activity.Card(card, "summary")));
    }

    [Fact]
    public void A_card_of_its_own_is_not_given_back()
    {
        var card = new RawJson(Encoding.UTF8.GetBytes(Card));

        card.Return();

        Assert.Equal(Card, card.ToString());
    }
}
