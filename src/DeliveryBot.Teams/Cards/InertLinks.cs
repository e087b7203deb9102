using System.Text.Json.Nodes;

namespace DeliveryBot.Teams.Cards;

/// <summary>
/// Teams reads a TextBlock's text and a fact's title and value as Markdown, so a person named
/// "[Renew your password](https://evil.example/x)" would show on a card as a link to somewhere else. No template
/// writes a link, so in those places "](" is broken with a word joiner (U+2060, which shows nothing): every character
/// people typed still shows, and nothing they typed becomes a link. Backslash escapes are no answer: Teams shows the
/// backslashes. Text in a RichTextBlock's TextRun is never read as Markdown and is left as it is.
/// </summary>
internal static class InertLinks
{
    public const string Joiner = "\u2060";

    public static string Break(string text)
        => text.Contains("](", StringComparison.Ordinal)
            ? text.Replace("](", "]" + Joiner + "(", StringComparison.Ordinal)
            : text;

    /// <summary>Breaks link syntax wherever the card is read as Markdown.</summary>
    public static void Apply(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject element:
                if (element["type"]?.GetValueKind() == System.Text.Json.JsonValueKind.String
                    && (string?)element["type"] == "TextBlock")
                    BreakIn(element, "text");
                if (element["facts"] is JsonArray facts)
                    foreach (var fact in facts.OfType<JsonObject>()) { BreakIn(fact, "title"); BreakIn(fact, "value"); }
                foreach (var (_, child) in element) Apply(child);
                break;
            case JsonArray items:
                foreach (var item in items) Apply(item);
                break;
        }
    }

    private static void BreakIn(JsonObject element, string property)
    {
        if (element[property] is JsonValue value
            && value.GetValueKind() == System.Text.Json.JsonValueKind.String
            && (string?)value is { } text
            && Break(text) is var broken
            && !ReferenceEquals(broken, text))
            element[property] = broken;
    }
}
