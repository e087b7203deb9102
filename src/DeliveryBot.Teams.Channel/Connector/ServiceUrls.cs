using System.Collections.Concurrent;

namespace DeliveryBot.Teams.Connector;

/// <summary>
/// Service URLs the bot may send its app token to: those seen on authenticated activities (and on stored
/// conversation references, which only authenticated activities write). With authentication off
/// (Development) every URL is trusted, since there is no token to leak.
/// </summary>
public sealed class ServiceUrls
{
    private readonly ConcurrentDictionary<string, bool> _trusted = new(StringComparer.OrdinalIgnoreCase);

    public bool TrustAll { get; init; }

    public void Trust(string serviceUrl) => _trusted[Normalize(serviceUrl)] = true;

    public bool IsTrusted(string serviceUrl) => TrustAll || _trusted.ContainsKey(Normalize(serviceUrl));

    private static string Normalize(string url) => url.TrimEnd('/');
}
