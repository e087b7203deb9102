namespace DeliveryBot.Domain.Common;

/// <summary>
/// Free text typed by a person. Trimmed, stripped of control characters (newlines kept for long text) and of the
/// invisible characters that reorder or hide text (bidirectional overrides and isolates, zero-width marks), and
/// length-limited here so no later layer has to guess. Escaping happens where text is rendered.
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
        var cleaned = new string(
            value.Where(c => (!char.IsControl(c) || (max > Line && c == '\n')) && !Invisible(c)).ToArray()).Trim();
        if (cleaned.Length == 0) return null;
        if (cleaned.Length > max)
            throw new RuleViolation($"{field} is too long ({cleaned.Length} characters; at most {max}).");
        return cleaned;
    }

    /// <summary>
    /// Characters that change how the text around them shows without showing themselves: U+202A–U+202E
    /// (embeddings and overrides, "evil.exe" shown as "exe.live"), U+2066–U+2069 (isolates), U+200B–U+200F
    /// (zero-width and direction marks), U+2060 and U+FEFF (word joiner, byte-order mark).
    /// </summary>
    public static bool Invisible(char c)
        => c is >= '\u202A' and <= '\u202E'
            or >= '\u2066' and <= '\u2069'
            or >= '\u200B' and <= '\u200F'
            or '\u2060'
            or '\uFEFF';

    /// <summary>
    /// A name the record lacks, as a refusal quotes it: without control or invisible characters, and cut. It runs
    /// before any rule, so it never throws on what was sent.
    /// </summary>
    public static string Shown(string? name)
    {
        var clean = new string((name ?? "").Where(c => !char.IsControl(c) && !Invisible(c)).ToArray()).Trim();
        return clean.Length <= 80 ? clean : clean[..80] + "…";
    }
}
