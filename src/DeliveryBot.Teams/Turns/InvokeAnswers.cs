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
    public static object Card(RawJson card)
        => new { statusCode = 200, type = "application/vnd.microsoft.card.adaptive", value = card };
}
