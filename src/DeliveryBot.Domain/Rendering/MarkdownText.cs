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
            if (Special.Contains(c)) sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }
}
