using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DeliveryBot.Application.SignOff;

/// <summary>
/// Sign-off tokens as they travel in a link: "{key id}.{payload}.{signature}", the payload the token's fields in
/// base64url, the signature HMAC-SHA256 of "{key id}.{payload}" under that key. Reading checks the signature in
/// constant time before it looks at the payload; anything else answers null, never why.
/// </summary>
public sealed class SignOffTokens(SignOffKeys keys)
{
    /// <summary>Longer than any token this class writes: a longer one is refused before any work.</summary>
    public const int MaxLength = 600;

    private const string Version = "v1";

    public string Write(SignOffToken token)
    {
        var fields = new[] { token.TenantId, token.DeliveryId, token.LinkId };
        if (fields.Any(f => f.Contains('\n', StringComparison.Ordinal)))
            throw new ArgumentException("A token field cannot span lines.", nameof(token));
        var payload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Join('\n',
            Version, token.TenantId, token.DeliveryId, token.LinkId,
            token.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture))));
        var signed = $"{keys.SigningKeyId}.{payload}";
        return $"{signed}.{Base64Url.EncodeToString(Sign(keys.SigningSecret, signed))}";
    }

    /// <summary>The token when <paramref name="text"/> is one signed with a key the bot still has; else null.</summary>
    public SignOffToken? Read(string? text)
    {
        if (text is null || text.Length > MaxLength) return null;
        var parts = text.Split('.');
        if (parts.Length != 3 || !SignOffKeys.IsKeyId(parts[0]) || keys.Find(parts[0]) is not { } secret
            || !Base64Url.IsValid(parts[1]) || !Base64Url.IsValid(parts[2]))
            return null;
        var expected = Sign(secret, $"{parts[0]}.{parts[1]}");
        var given = new byte[expected.Length + 1];
        if (!Base64Url.TryDecodeFromChars(parts[2], given, out var length) || length != expected.Length) return null;
        if (!CryptographicOperations.FixedTimeEquals(expected, given.AsSpan(0, length))) return null;
        return Payload(parts[1]);
    }

    private static SignOffToken? Payload(string encoded)
    {
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(encoded);
        }
        catch (FormatException)
        {
            return null;
        }
        var fields = Encoding.UTF8.GetString(bytes).Split('\n');
        if (fields is not [Version, var tenant, var delivery, var link, var expires]
            || !long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
            return null;
        return new SignOffToken(tenant, delivery, link, DateTimeOffset.FromUnixTimeSeconds(seconds));
    }

    private static byte[] Sign(byte[] secret, string signed)
        => HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(signed));
}
