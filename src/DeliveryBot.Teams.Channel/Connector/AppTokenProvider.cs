using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;

namespace DeliveryBot.Teams.Connector;

/// <summary>
/// The bot's own token for calling the Bot Connector; null when no app id is configured (Development).
/// </summary>
public interface IAppTokenProvider
{
    Task<string?> GetTokenAsync(CancellationToken ct);
}

/// <summary>
/// Client-credentials tokens from Microsoft Entra via MSAL, cached by MSAL until shortly before expiry.
/// Multi-tenant bots ask the botframework.com tenant; single-tenant bots their own.
/// </summary>
internal sealed class MsalAppTokenProvider : IAppTokenProvider
{
    private const string Scope = "https://api.botframework.com/.default";
    private readonly IConfidentialClientApplication? _app;

    public MsalAppTokenProvider(IOptions<BotCredentials> options)
    {
        var c = options.Value;
        if (!c.HasAppId) return;
        var tenant = c.IsSingleTenant && !string.IsNullOrWhiteSpace(c.MicrosoftAppTenantId)
            ? c.MicrosoftAppTenantId
            : "botframework.com";
        _app = ConfidentialClientApplicationBuilder.Create(c.MicrosoftAppId)
            .WithClientSecret(c.MicrosoftAppPassword ?? "")
            .WithAuthority($"https://login.microsoftonline.com/{tenant}")
            .Build();
    }

    public async Task<string?> GetTokenAsync(CancellationToken ct)
        => _app is null ? null : (await _app.AcquireTokenForClient([Scope]).ExecuteAsync(ct)).AccessToken;
}
