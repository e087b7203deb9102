using System.Collections.Concurrent;

namespace DeliveryBot.Teams.Connector;

/// <summary>
/// Service URLs the bot may send its app token to: those seen on authenticated activities (and on stored
/// conversation references, which only authenticated activities write). With authentication off
/// (Development) every URL is trusted, since there is no token to leak.
/// </summary>
/// <remarks>
/// A URL is known without its trailing slashes. Both questions are asked for every activity and every call to Teams,
/// so they look the URL up by its trimmed span rather than make the trimmed string each time.
/// </remarks>
public sealed class ServiceUrls
{
    private readonly ConcurrentDictionary<string, bool> _trusted = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, bool>.AlternateLookup<ReadOnlySpan<char>> _bySpan;

    public ServiceUrls() => _bySpan = _trusted.GetAlternateLookup<ReadOnlySpan<char>>();

    public bool TrustAll { get; init; }

    public void Trust(string serviceUrl)
    {
        if (!_bySpan.ContainsKey(Trimmed(serviceUrl))) _trusted[serviceUrl.TrimEnd('/')] = true;
    }

    public bool IsTrusted(string serviceUrl) => TrustAll || _bySpan.ContainsKey(Trimmed(serviceUrl));

    private static ReadOnlySpan<char> Trimmed(string url) => url.AsSpan().TrimEnd('/');
}
