using System.Text.Json.Nodes;

namespace DeliveryBot.Teams.Cards.Forms;

/// <summary>
/// cards/moved.json: what an older copy of a living card becomes when the same card is posted again in its chat. It has
/// no buttons and no refresh, so it never changes again.
/// </summary>
internal static class MovedCard
{
    public const string Template = Templates.Moved;

    public static JsonObject Data(string deliveryId, string client, string template) => new()
    {
        ["deliveryId"] = deliveryId,
        ["client"] = client,
        ["what"] = template == Templates.Status ? "status card" : "card",
    };
}
