using Microsoft.Identity.Client;
using Microsoft.Kiota.Abstractions.Authentication;

namespace DeliveryBot.Graph;

/// <summary>
/// App-only tokens for Graph (client credentials through MSAL, which caches them until shortly before expiry), sent
/// only to Graph's own host.
/// </summary>
internal sealed class GraphTokenProvider(GraphOptions options) : IAccessTokenProvider
{
    private readonly IConfidentialClientApplication _app = ConfidentialClientApplicationBuilder.Create(options.ClientId)
        .WithClientSecret(options.ClientSecret)
        .WithTenantId(options.TenantId)
        .Build();

    public AllowedHostsValidator AllowedHostsValidator { get; } = new([new Uri(options.BaseUrl).Host]);

    public async Task<string> GetAuthorizationTokenAsync(
        Uri uri,
        Dictionary<string, object>? additionalAuthenticationContext = null,
        CancellationToken cancellationToken = default)
    {
        if (!AllowedHostsValidator.IsUrlHostValid(uri)) return "";
        var scope = $"{new Uri(options.BaseUrl).GetLeftPart(UriPartial.Authority)}/.default";
        var result = await _app.AcquireTokenForClient([scope]).ExecuteAsync(cancellationToken);
        return result.AccessToken;
    }
}
