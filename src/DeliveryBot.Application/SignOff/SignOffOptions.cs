namespace DeliveryBot.Application.SignOff;

/// <summary>
/// Client sign-off links (section <c>SignOff</c>): the keys they are signed with, where the bot is reached from the
/// internet, and how long a link works.
/// </summary>
public sealed class SignOffOptions
{
    public const string Section = "SignOff";

    /// <summary>Key id → base64 secret (32 bytes or more). All verify; <see cref="SigningKey"/> signs.</summary>
    public Dictionary<string, string> Keys { get; set; } = [];

    /// <summary>
    /// The id of the key that signs new links; may be left out when there is one key. (Configuration orders keys by
    /// name, not as written, so "the first" would not say which.)
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>The bot's public address, in front of <c>/signoff/{token}</c> in the links it hands out.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>How long a new link works (default 14 days, at most 90).</summary>
    public TimeSpan ValidFor { get; set; } = TimeSpan.FromDays(14);
}
