using System.Net;

namespace DeliveryBot.Tab;

/// <summary>
/// The tab's one page, for the personal tab, a chat's or channel's tab and its configuration page alike: a shell the
/// bundled script fills in. It names how the reader signs in, and nothing of anyone's deliveries.
/// </summary>
internal static class TabPage
{
    /// <summary>
    /// Only the bot's own origin for scripts, styles, images and calls; framed only by Teams and the Microsoft 365
    /// hosts Microsoft lists for tabs (and the bot itself). Style attributes are allowed (the Gantt library positions
    /// its parts with them); style elements and sheets from anywhere else are not.
    /// </summary>
    public const string ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; "
        + "style-src-attr 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
        + "base-uri 'none'; form-action 'none'; "
        + "frame-ancestors 'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.cloud.microsoft "
        + "https://*.microsoft365.com https://*.office.com https://outlook.office.com https://outlook.office365.com";

    public static string Html(string page, TabSignInMode signIn, string version) => $$"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>DeliveryBot</title>
        <link rel="icon" href="{{TabAssets.IconPath}}">
        <link rel="stylesheet" href="{{TabAssets.StylePath}}?v={{version}}">
        <script type="module" src="{{TabAssets.ScriptPath}}?v={{version}}"></script>
        </head>
        <body data-page="{{WebUtility.HtmlEncode(page)}}" data-sign-in="{{signIn.ToString().ToLowerInvariant()}}">
        <main id="app" aria-busy="true"><p class="loading">Loading your deliveries…</p></main>
        <noscript><p>The DeliveryBot tab needs JavaScript. In Teams, the bot's chat answers <code>list</code>,
        <code>status D1</code> and <code>metrics</code> without it.</p></noscript>
        </body>
        </html>
        """;
}
