using System.Text;

namespace DeliveryBot.Domain.Rendering;

/// <summary>
/// Makes user text inert inside Markdown: every character that could start emphasis, a link, HTML, a
/// heading or a table cell boundary is escaped, and line breaks become spaces so a cell stays one cell.
/// Only what would be read as Markdown is escaped: the record is shown verbatim in a code block for copying, where an
/// escape is a stray backslash ("O'Brien \&amp; Søn"). So an ampersand is escaped only where it would start a
/// character reference (&amp;amp;), a backslash only where it would escape what follows, and a # only where it could
/// open a heading.
/// </summary>
public static class MarkdownText
{
    private const string Special = "`*_[]<>|~";

    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        // most text (names, ids, dates) has nothing to drop, turn into a space or escape: it is written as it is
        return NeedsEscaping(text) ? EscapeEach(text) : text;
    }

    /// <summary>Whether <see cref="EscapeEach"/> could change anything in <paramref name="text"/>.</summary>
    private static bool NeedsEscaping(string text)
    {
        foreach (var c in text)
            if (c is '\r' or '\n' or '\t' or '\\' or '&' or '#' || Special.Contains(c) || Common.UserText.Invisible(c))
                return true;
        return false;
    }

    /// <summary>The escaping itself, character by character (<see cref="Escape"/> skips it where it would do nothing).
    /// </summary>
    internal static string EscapeEach(string text)
    {
        // what is shown, first: an invisible character dropped later could otherwise hide what follows it from the
        // checks below ("&", a zero-width space, "amp;")
        var shown = string.Concat(text
            .Where(c => !Common.UserText.Invisible(c))
            .Select(c => c is '\r' or '\n' or '\t' ? ' ' : c));
        var sb = new StringBuilder(shown.Length + 8);
        var lineStart = true;
        for (var i = 0; i < shown.Length; i++)
        {
            var c = shown[i];
            if (Special.Contains(c)
                || c == '\\' && EscapesNext(shown, i)
                || c == '&' && StartsReference(shown, i)
                || c == '#' && lineStart) sb.Append('\\');
            sb.Append(c);
            lineStart &= c == ' ';
        }
        return sb.ToString();
    }

    /// <summary>
    /// A backslash before ASCII punctuation escapes it, and one at the end meets whatever the caller writes next (a
    /// line break makes it a hard break).
    /// </summary>
    private static bool EscapesNext(string text, int at)
        => at + 1 == text.Length
            || text[at + 1] < 128 && (char.IsPunctuation(text[at + 1]) || char.IsSymbol(text[at + 1]));

    /// <summary>
    /// "&amp;name;", "&amp;#123;" or "&amp;#x1F;": what CommonMark reads as a character reference; a lone ampersand is
    /// text.
    /// </summary>
    private static bool StartsReference(string text, int at)
    {
        var i = at + 1;
        if (i < text.Length && text[i] == '#')
        {
            i++;
            if (i < text.Length && text[i] is 'x' or 'X') i++;
        }
        var start = i;
        while (i < text.Length && i - start <= 32 && char.IsAsciiLetterOrDigit(text[i])) i++;
        return i > start && i < text.Length && text[i] == ';';
    }

    /// <summary>
    /// What someone typed, echoed back as inline code (`like this`): a backtick in it would end the code span and
    /// let the rest be read as Markdown (a link), so it becomes a look-alike; line breaks become spaces, and it is
    /// cut short.
    /// </summary>
    public static string Code(string? text, int max = 60)
    {
        var inert = new StringBuilder();
        foreach (var c in text ?? "")
        {
            if (inert.Length == max) { inert.Append('…'); break; }
            if (Common.UserText.Invisible(c) || char.IsControl(c) && c is not ('\r' or '\n' or '\t')) continue;
            inert.Append(c switch { '`' => 'ˋ', '\r' or '\n' or '\t' => ' ', _ => c });
        }
        return $"`{inert}`";
    }
}
