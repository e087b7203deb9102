namespace DeliveryBot.Tab;

/// <summary>
/// "Tab" section: how the tab's signed-in person is known. In Teams the tab asks Teams for a single sign-on token
/// (TeamsJS) and the server validates it against Entra ID: issued by the person's own organisation, for this app.
/// </summary>
public sealed class TabOptions
{
    public const string Section = "Tab";

    /// <summary>
    /// The Entra app (client) id the tab's tokens are issued for; the bot's <c>Bot:MicrosoftAppId</c> when not set.
    /// With neither, the tab has no Teams sign-in (in Development, the sign-in picker stands in).
    /// </summary>
    public string? ClientId { get; set; }

    /// <summary>
    /// The host name the bot is served on (bot.contoso.com): the app id URI <c>api://{HostName}/{ClientId}</c> is the
    /// other audience a Teams token may carry, and <c>package-manifest --host</c> writes the tab's addresses with it.
    /// </summary>
    public string? HostName { get; set; }

    /// <summary>Entra's OpenID metadata, which lists the keys tokens are signed with (overridable for tests).</summary>
    public string MetadataAddress { get; set; } =
        "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration";
}
