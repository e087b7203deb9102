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
        => activity.Entities?.Any(e => e.Type == "mention"
            && e.Mentioned?.Id is { } id
            && id == activity.Recipient?.Id) == true;

    /// <summary>
    /// Mentions looked at in one message, and the longest name put in for one: what a person can type, bounded.
    /// </summary>
    private const int MostMentions = 20, LongestName = 100;

    public static string CommandText(Activity activity)
    {
        var mentions = (activity.Entities ?? [])
            .Where(e => e.Type == "mention" && !string.IsNullOrEmpty(e.Text))
            .Take(MostMentions)
            .Select(e => (e.Text!, e.Mentioned?.Id is { } id && id == activity.Recipient?.Id
                ? " "
                : $" {Truncate(e.Mentioned?.Name ?? "")} "))
            .ToList();
        var text = AtTag().Replace(ReplaceOnce(activity.Text ?? "", mentions), m => $" {m.Groups[1].Value} ");
        return Whitespace().Replace(WebUtility.HtmlDecode(text), " ").Trim();
    }

    /// <summary>
    /// Each mention's text replaced where it stands in the message as sent, in one pass: a name put in is never looked
    /// at again, so the text grows by at most the names' length, however the mentions were crafted.
    /// </summary>
    private static string ReplaceOnce(string text, List<(string Text, string With)> mentions)
    {
        if (mentions.Count == 0) return text;
        var result = new System.Text.StringBuilder(text.Length);
        // Where each mention's text next stands: looked for again only once the pass has gone past it, so the whole
        // pass reads the message at most once per mention.
        var next = mentions.Select(m => text.IndexOf(m.Text, StringComparison.Ordinal)).ToArray();
        var at = 0;
        while (true)
        {
            var which = -1;
            for (var i = 0; i < next.Length; i++)
            {
                if (next[i] >= 0 && next[i] < at)
                    next[i] = text.IndexOf(mentions[i].Text, at, StringComparison.Ordinal);
                if (next[i] >= 0 && (which < 0 || next[i] < next[which])) which = i;
            }
            if (which < 0) break;
            result.Append(text, at, next[which] - at).Append(mentions[which].With);
            at = next[which] + mentions[which].Text.Length;
        }
        return result.Append(text, at, text.Length - at).ToString();
    }

    private static string Truncate(string name) => name.Length <= LongestName ? name : name[..LongestName];

    // Non-backtracking: a message of many unclosed <at> tags costs time in proportion to its length, not its square.
    [GeneratedRegex(
        "<at[^>]*>(.*?)</at>", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.NonBacktracking)]
    private static partial Regex AtTag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
