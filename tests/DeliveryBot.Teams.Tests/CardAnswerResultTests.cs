using System.Text;
using System.Text.Json;
using DeliveryBot.Teams.Endpoint;
using DeliveryBot.Teams.Protocol;
using DeliveryBot.Teams.Turns;
using Microsoft.AspNetCore.Http;

namespace DeliveryBot.Teams.Tests;

/// <summary>
/// A click's answer is written straight out: the same JSON the serializer writes for it, with its length, and a card
/// drawn in a rented buffer is given back once written.
/// </summary>
public sealed class CardAnswerResultTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private const string Card =
        """{"type":"AdaptiveCard","version":"1.5","body":[{"type":"TextBlock","text":"D1 \u00b7 caf\u00e9 <b>"}]}""";

    [Fact]
    public async Task The_answer_is_the_serializers_json_with_its_length_and_the_rented_card_is_given_back()
    {
        var card = RawJson.Rented(Encoding.UTF8.GetBytes(Card));
        var answer = InvokeAnswers.Card(card);
        var serialized = JsonSerializer.Serialize(answer, Web);
        var http = new DefaultHttpContext();
        var body = new MemoryStream();
        http.Response.Body = body;

        await new CardAnswerResult(answer, 200).ExecuteAsync(http);

        var written = Encoding.UTF8.GetString(body.ToArray());
        Assert.Equal(serialized, written);
        Assert.Equal(Card, JsonDocument.Parse(written).RootElement.GetProperty("value").GetRawText());
        Assert.Equal(body.Length, http.Response.ContentLength);
        Assert.Equal(200, http.Response.StatusCode);
        Assert.StartsWith("application/json", http.Response.ContentType, StringComparison.Ordinal);
        Assert.Throws<ObjectDisposedException>(() => card.Utf8.Length);
    }
}
