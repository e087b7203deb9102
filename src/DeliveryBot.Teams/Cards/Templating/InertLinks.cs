namespace DeliveryBot.Teams.Cards.Templating;

/// <summary>
/// Teams reads a TextBlock's text and a fact's title and value as Markdown, so a person named
/// "[Renew your password](https://evil.example/x)" would show on a card as a link to somewhere else. No template
/// writes a link, so in those places "](" is broken with a word joiner (U+2060, which shows nothing): every character
/// people typed still shows, and nothing they typed becomes a link. Backslash escapes are no answer: Teams shows the
/// backslashes. Text in a RichTextBlock's TextRun is never read as Markdown and is left as it is. The card writer
/// applies it as it writes a card (<see cref="CardWriter"/>).
/// </summary>
internal static class InertLinks
{
    public const string Joiner = "\u2060";

    public static string Break(string text)
        => text.Contains("](", StringComparison.Ordinal)
            ? text.Replace("](", "]" + Joiner + "(", StringComparison.Ordinal)
            : text;
}
