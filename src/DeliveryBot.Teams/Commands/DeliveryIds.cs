using System.Text.RegularExpressions;

namespace DeliveryBot.Teams.Commands;

/// <summary>Delivery ids as people type them: "D12", "d12" or "12" (and "D12." in a sentence).</summary>
internal static partial class DeliveryIds
{
    /// <summary>
    /// "D" and the number without its leading zeros, or null. The pattern is only tested (every card click names its
    /// delivery, and a match with its groups is allocated); what it matched is then cut by hand: the optional "D",
    /// then the zeros its <c>0*</c> takes, which leave the last digit.
    /// </summary>
    public static string? Parse(string text)
    {
        var typed = text.AsSpan().Trim();
        if (!Id().IsMatch(typed)) return null;
        if (typed[0] is 'D' or 'd') typed = typed[1..];
        while (typed.Length > 1 && typed[0] == '0') typed = typed[1..];
        return string.Concat("D", typed);
    }

    /// <summary>
    /// An id typed at the end of a sentence: "status D12." or "metrics D12?" is D12. Only for what people type; a card
    /// names its delivery exactly.
    /// </summary>
    public static string? ParseTyped(string text) => Parse(text.TrimEnd(SentenceEnds));

    private static readonly char[] SentenceEnds = ['.', ',', ';', ':', '!', '?'];

    [GeneratedRegex(@"^[Dd]?0*\d{1,9}$")]
    private static partial Regex Id();
}
