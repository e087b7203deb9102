using System.Net;
using System.Text.RegularExpressions;

namespace DeliveryBot.Teams.Protocol;

/// <summary>
/// The command text of a message: the bot's own &lt;at&gt; mention removed, other people's mentions kept as
/// their names, HTML entities decoded and whitespace collapsed.
/// </summary>
public static partial class MentionText
{
    public static bool MentionsBot(Activity activity)
        => activity.Entities?.Any(e => e.Type == "mention" && e.Mentioned?.Id is { } id && id == activity.Recipient?.Id) == true;

    public static string CommandText(Activity activity)
    {
        var text = activity.Text ?? "";
        foreach (var mention in activity.Entities?.Where(e => e.Type == "mention" && e.Text is not null) ?? [])
        {
            var isBot = mention.Mentioned?.Id is { } id && id == activity.Recipient?.Id;
            text = text.Replace(mention.Text!, isBot ? " " : $" {mention.Mentioned?.Name ?? ""} ", StringComparison.Ordinal);
        }
        text = AtTag().Replace(text, m => $" {m.Groups[1].Value} ");
        return Whitespace().Replace(WebUtility.HtmlDecode(text), " ").Trim();
    }

    [GeneratedRegex("<at[^>]*>(.*?)</at>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex AtTag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
