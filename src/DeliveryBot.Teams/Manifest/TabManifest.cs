using System.Text.Json.Nodes;

namespace DeliveryBot.Teams.Manifest;

/// <summary>
/// The tab's part of the app package, for a bot served on a known host: the personal tab (the portfolio, beside the
/// bot's chat), the tab a chat or channel adds (its configuration page picks the portfolio or one delivery), the host
/// among the valid domains, and single sign-on (<c>webApplicationInfo</c>): the bot's Entra app, whose app id URI is
/// <c>api://{host}/{bot id}</c>, the audience the tab's server accepts besides the app id.
/// </summary>
public static class TabManifest
{
    public static bool IsHostName(string text)
        => Uri.CheckHostName(text) == UriHostNameType.Dns && text.Contains('.', StringComparison.Ordinal)
            && text.Length <= 253;

    public static void AddTo(JsonObject manifest, string host, Guid bot)
    {
        var tab = $"https://{host}/tab";
        manifest["staticTabs"] = new JsonArray(
            new JsonObject
            {
                ["entityId"] = "conversations",
                ["scopes"] = new JsonArray("personal"),
            },
            new JsonObject
            {
                ["entityId"] = "portfolio",
                ["name"] = "Deliveries",
                ["contentUrl"] = tab,
                ["websiteUrl"] = tab,
                ["scopes"] = new JsonArray("personal"),
            });
        manifest["configurableTabs"] = new JsonArray(new JsonObject
        {
            ["configurationUrl"] = $"{tab}/config",
            ["canUpdateConfiguration"] = true,
            ["scopes"] = new JsonArray("team", "groupChat"),
            ["context"] = new JsonArray("channelTab", "privateChatTab", "meetingChatTab"),
        });
        if (manifest["validDomains"] is not JsonArray domains) manifest["validDomains"] = domains = [];
        if (!domains.Any(d => d?.GetValue<string>() == host)) domains.Add(host);
        manifest["webApplicationInfo"] = new JsonObject
        {
            ["id"] = bot.ToString("D"),
            ["resource"] = $"api://{host}/{bot:D}",
        };
    }
}
