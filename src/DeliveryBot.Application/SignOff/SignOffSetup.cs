namespace DeliveryBot.Application.SignOff;

/// <summary>
/// Sign-off links as configured: off (no keys outside Development, or no public address) or on, with the codec, the
/// address links start with and how long a new one works. The codec is made when first needed (in Development that
/// may write a key file), not when the bot starts.
/// </summary>
public sealed record SignOffSetup(Lazy<SignOffTokens>? Codec, Uri? PublicBaseUrl, TimeSpan ValidFor)
{
    public static readonly SignOffSetup Off = new(Codec: null, PublicBaseUrl: null, TimeSpan.FromDays(14));

    public bool IsOn => Codec is not null && PublicBaseUrl is not null;

    public SignOffTokens? Tokens => IsOn ? Codec!.Value : null;

    /// <summary>The page's address for a token.</summary>
    public Uri LinkFor(string token) => new(PublicBaseUrl!, $"signoff/{Uri.EscapeDataString(token)}");
}
