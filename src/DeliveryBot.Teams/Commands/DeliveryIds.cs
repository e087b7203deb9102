using System.Text.RegularExpressions;

namespace DeliveryBot.Teams.Commands;

/// <summary>Delivery ids as people type them: "D12", "d12" or "12".</summary>
internal static partial class DeliveryIds
{
    public static string? Parse(string text)
        => Id().Match(text.Trim()) is { Success: true } m ? $"D{m.Groups[1].Value}" : null;

    [GeneratedRegex(@"^[Dd]?0*(\d{1,9})$")]
    private static partial Regex Id();
}
