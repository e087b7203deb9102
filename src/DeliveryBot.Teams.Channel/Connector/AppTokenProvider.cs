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
/// Client-credentials tokens from Microsoft Entra via MSAL, kept between calls (<see cref="AppTokenCache"/>).
/// Multi-tenant bots ask the botframework.com tenant; single-tenant bots their own.
/// </summary>
internal sealed class MsalAppTokenProvider : IAppTokenProvider
{
    private const string Scope = "https://api.botframework.com/.default";
    private static readonly string[] Scopes = [Scope];
    private readonly IConfidentialClientApplication? _app;
    private readonly AppTokenCache? _cache;

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
        // a token's lifetime is physical time, as MSAL's own cache reads it, whatever clock the bot's business uses
        _cache = new AppTokenCache(AcquireAsync, TimeProvider.System);
    }

    public async Task<string?> GetTokenAsync(CancellationToken ct)
        => _cache is null ? null : await _cache.GetAsync(ct);

    private async Task<AppToken> AcquireAsync(CancellationToken ct)
    {
        var result = await _app!.AcquireTokenForClient(Scopes).ExecuteAsync(ct);
        return new AppToken(result.AccessToken, result.ExpiresOn, result.AuthenticationResultMetadata?.RefreshOn);
    }
}

/// <summary>An app token, when it expires, and when Entra asked for it to be renewed (if it did).</summary>
internal sealed record AppToken(string Value, DateTimeOffset ExpiresOn, DateTimeOffset? RefreshOn = null);

/// <summary>
/// The app token kept until shortly before it expires (or Entra's renewal time), then asked for again. Every call to
/// Teams needs it: asking MSAL each time, even when its cache has the token, cost ~9 KB and ~26 µs a call
/// (MSAL 4.92, measured with a local token endpoint), more than the rest of the call's client side. A failed renewal
/// is not kept: the next call asks again.
/// </summary>
internal sealed class AppTokenCache(Func<CancellationToken, Task<AppToken>> acquire, TimeProvider clock)
{
    /// <summary>How long before its expiry a token is renewed, so none goes out about to expire in flight.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromMinutes(5);

    /// <summary>The token and when it is asked for again: one object, read and replaced whole.</summary>
    private volatile KeptToken? _kept;

    private sealed record KeptToken(string Value, DateTimeOffset RenewAt);

    public async Task<string> GetAsync(CancellationToken ct)
    {
        if (_kept is { } kept && clock.GetUtcNow() < kept.RenewAt) return kept.Value;
        var token = await acquire(ct);
        var renewAt = token.ExpiresOn - Margin;
        if (token.RefreshOn is { } refresh && refresh < renewAt) renewAt = refresh;
        _kept = new KeptToken(token.Value, renewAt);
        return token.Value;
    }
}
