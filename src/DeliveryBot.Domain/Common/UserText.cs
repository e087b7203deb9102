namespace DeliveryBot.Domain.Common;

/// <summary>
/// Free text typed by a person. Trimmed, stripped of control characters (newlines kept for long text),
/// and length-limited here so no later layer has to guess. Escaping happens where text is rendered.
/// </summary>
public static class UserText
{
    public const int Line = 200;
    public const int Paragraph = 2000;

    public static string Required(string? value, string field, int max = Line)
        => Optional(value, field, max) ?? throw new RuleViolation($"{field} is required.");

    public static string? Optional(string? value, string field, int max = Line)
    {
        if (value is null) return null;
        var cleaned = new string(value.Where(c => !char.IsControl(c) || (max > Line && c == '\n')).ToArray()).Trim();
        if (cleaned.Length == 0) return null;
        if (cleaned.Length > max) throw new RuleViolation($"{field} is too long ({cleaned.Length} characters; at most {max}).");
        return cleaned;
    }
}
