using System.Text;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Rendering;

namespace DeliveryBot.Teams.Commands;

/// <summary>A domain outcome as a chat answer: what happened, or why nothing did and what is missing.</summary>
internal static class OutcomeText
{
    public static string Of(Outcome outcome) => Write(outcome, MarkdownText.Escape);

    /// <summary>
    /// The same answer as plain text, for a card's text run (never read as Markdown, so nothing is escaped).
    /// </summary>
    public static string Plain(Outcome outcome) => Write(outcome, s => s);

    private static string Write(Outcome outcome, Func<string, string> escape)
    {
        var text = new StringBuilder(outcome.Kind switch
        {
            OutcomeKind.Applied => "✅ ",
            OutcomeKind.Forbidden => "🚫 ",
            OutcomeKind.Refused => "⛔ ",
            _ => "ℹ️ ",
        }).Append(escape(outcome.Message));
        foreach (var missing in outcome.Missing) text.Append("\n- ").Append(escape(missing));
        return text.ToString();
    }
}
