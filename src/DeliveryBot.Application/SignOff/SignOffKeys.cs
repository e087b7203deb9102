using System.Text.RegularExpressions;

namespace DeliveryBot.Application.SignOff;

/// <summary>
/// The secrets sign-off links are signed with, by key id: one signs new links, every one verifies, so a key is
/// rotated by adding the new one as the signer and removing the old one once its links have expired.
/// </summary>
public sealed partial class SignOffKeys
{
    /// <summary>HMAC-SHA256 wants a key at least as long as its output.</summary>
    public const int MinimumBytes = 32;

    private readonly Dictionary<string, byte[]> _secrets;

    public SignOffKeys(IReadOnlyDictionary<string, byte[]> secrets, string signingKeyId)
    {
        foreach (var (id, secret) in secrets)
        {
            if (!IsKeyId(id)) throw new ArgumentException($"'{id}' is not a key id: letters, digits, - and _ only.");
            if (secret.Length < MinimumBytes)
                throw new ArgumentException($"Sign-off key '{id}' is shorter than {MinimumBytes} bytes.");
        }
        if (!secrets.ContainsKey(signingKeyId))
            throw new ArgumentException($"The signing key '{signingKeyId}' is not one of the keys.");
        _secrets = new Dictionary<string, byte[]>(secrets, StringComparer.Ordinal);
        SigningKeyId = signingKeyId;
    }

    public string SigningKeyId { get; }

    public byte[] SigningSecret => _secrets[SigningKeyId];

    public byte[]? Find(string keyId) => _secrets.GetValueOrDefault(keyId);

    /// <summary>A key id goes into every link: short, and nothing that needs escaping in a URL.</summary>
    public static bool IsKeyId(string id) => KeyIdPattern().IsMatch(id);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    private static partial Regex KeyIdPattern();
}
