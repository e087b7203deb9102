using System.Text.Json.Nodes;

namespace DeliveryBot.Teams.Cards.Forms;

/// <summary>
/// The help card (cards/help.json): every command with how to type it, and a button to start a delivery.
/// </summary>
internal static class HelpCard
{
    /// <summary>The card's data for these commands: how each is typed, and what it does.</summary>
    public static JsonObject Data(IEnumerable<(string Usage, string Description)> commands) => new()
    {
        ["commands"] = new JsonArray(
            [.. commands.Select(c => new JsonObject { ["usage"] = c.Usage, ["description"] = c.Description })]),
        ["hint"] = "Type a command in this chat. In a channel, @mention DeliveryBot first. Delivery ids look like D12.",
    };
}
