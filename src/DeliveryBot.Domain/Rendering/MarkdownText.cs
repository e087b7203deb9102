using System.Text;

namespace DeliveryBot.Domain.Rendering;

/// <summary>
/// Makes user text inert inside Markdown: every character that could start emphasis, a link, HTML, a
/// heading or a table cell boundary is escaped, and line breaks become spaces so a cell stays one cell.
/// </summary>
public static class MarkdownText
{
    private const string Special = "\\`*_[]<>|~&#";

    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var sb = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c is '\r' or '\n' or '\t') { sb.Append(' '); continue; }
            if (Common.UserText.Invisible(c)) continue;
            if (Special.Contains(c)) sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
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
