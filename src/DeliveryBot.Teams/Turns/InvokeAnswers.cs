using DeliveryBot.Teams.Protocol;

namespace DeliveryBot.Teams.Turns;

/// <summary>Invoke response bodies for Universal Actions (adaptiveCard/action).</summary>
internal static class InvokeAnswers
{
    public static object Message(string text)
        => new { statusCode = 200, type = "application/vnd.microsoft.activity.message", value = text };

    /// <summary>
    /// Teams shows <paramref name="message"/> to the clicker; 400 for a bad request, 500 for a failure on the bot's
    /// side.
    /// </summary>
    public static object Error(string code, string message, int statusCode = 400)
        => new { statusCode, type = "application/vnd.microsoft.error", value = new { code, message } };

    /// <summary>The card redrawn for the clicker (Teams replaces the card in place).</summary>
    public static CardAnswer Card(RawJson card) => new(card);
}

/// <summary>
/// An invoke's answer that is a card: <c>{"statusCode":200,"type":"application/vnd.microsoft.card.adaptive","value":
/// card}</c>. The endpoint writes it straight out, with no serializer, and then gives a card drawn in a rented buffer
/// back; serialized as any other answer, it reads the same.
/// </summary>
internal sealed class CardAnswer(RawJson card)
{
    public const string CardType = "application/vnd.microsoft.card.adaptive";

    /// <summary>What the answer tells Teams (not the HTTP status, which is 200 for any answer).</summary>
    public const int CardStatus = 200;

    public int StatusCode { get; } = CardStatus;

    public string Type { get; } = CardType;

    public RawJson Value { get; } = card;
}
