using DeliveryBot.Teams;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DeliveryBot.Tab;

/// <summary>How the tab's reader signs in: Teams single sign-on, the Development picker, or not at all.</summary>
public enum TabSignInMode { Off, Teams, Development }

/// <summary>
/// The tab's one authentication scheme: a bearer token on every API call, validated by ASP.NET Core's JWT handler.
/// With an app id it is a Teams single sign-on token from Entra ID (signed with a key from Entra's OpenID metadata,
/// issued by the reader's own organisation for this app, that organisation allowed by <c>Bot:AllowedTenants</c>).
/// In Development without one, it is a token the bot signs itself for whoever is picked on the sign-in picker, as the
/// playground stands in for Teams; never both, and never the picker outside Development.
/// </summary>
internal static class TabSignIn
{
    public const string Scheme = "TeamsTab";
    public const string Policy = "TabReader";

    public static TabSignInMode ModeOf(TabOptions options, IHostEnvironment environment)
        => options.ClientId is { Length: > 0 } ? TabSignInMode.Teams
            : environment.IsDevelopment() ? TabSignInMode.Development
            : TabSignInMode.Off;

    public static void Add(
        IServiceCollection services, TabOptions options, TabSignInMode mode, IReadOnlyCollection<string> tenants)
    {
        // No scheme is anyone's default in this host: each endpoint names its own (the tab's API this one, the
        // dashboard its own). As the only scheme, this one would otherwise become the default, and ASP.NET Core would
        // run it on every request, /api/messages and its Bot Connector token included.
        AppContext.SetSwitch("Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme", isEnabled: true);
        var authentication = services.AddAuthentication();
        if (mode == TabSignInMode.Off) return;
        var development = mode == TabSignInMode.Development ? new DevelopmentSignIn() : null;
        if (development is not null) services.AddSingleton(development);
        authentication.AddJwtBearer(Scheme, bearer =>
        {
            bearer.MapInboundClaims = false; // keep Entra's claim names (tid, oid, name)
            bearer.RequireHttpsMetadata = true;
            bearer.TokenValidationParameters = development is not null
                ? development.Parameters()
                : TeamsParameters(options, tenants);
            if (development is null) bearer.MetadataAddress = options.MetadataAddress;
        });
        // lifetimes are judged on the bot's clock, as everything else is
        services.AddOptions<JwtBearerOptions>(Scheme).Configure<TimeProvider>((bearer, clock) =>
        {
            bearer.TimeProvider = clock;
            var skew = bearer.TokenValidationParameters.ClockSkew;
            bearer.TokenValidationParameters.LifetimeValidator = (notBefore, expires, _, _) =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                return (notBefore is not { } from || from <= now + skew) && expires is { } until && now - skew < until;
            };
        });
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(Scheme)
            .RequireAuthenticatedUser()
            .RequireClaim(TabReader.TenantClaim)
            .RequireClaim(TabReader.ObjectIdClaim));
    }

    private static TokenValidationParameters TeamsParameters(TabOptions options, IReadOnlyCollection<string> tenants)
    {
        var audiences = new List<string> { options.ClientId! };
        if (options.HostName is { Length: > 0 } host) audiences.Add($"api://{host}/{options.ClientId}");
        return new TokenValidationParameters
        {
            ValidAudiences = audiences,
            ValidateIssuer = true,
            IssuerValidator = (issuer, token, _) => IssuedByOwnOrganisation(issuer, token, tenants),
            ValidateLifetime = true,
            ClockSkew = TimeSpan.FromMinutes(5),
            RequireSignedTokens = true,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        };
    }

    /// <summary>
    /// Entra's common metadata names no one issuer: a token is good when its issuer is the v2.0 or v1.0 issuer of the
    /// organisation the token itself names (tid), and that organisation may use the bot.
    /// </summary>
    internal static string IssuedByOwnOrganisation(
        string issuer, SecurityToken token, IReadOnlyCollection<string> tenants)
    {
        var tenant = token is JsonWebToken jwt && jwt.TryGetPayloadValue<string>(TabReader.TenantClaim, out var tid)
            ? tid
            : null;
        if (tenant is null || !Guid.TryParse(tenant, out _))
            throw new SecurityTokenInvalidIssuerException("The token names no organisation (tid).");
        if (issuer != $"https://login.microsoftonline.com/{tenant}/v2.0"
            && issuer != $"https://sts.windows.net/{tenant}/")
            throw new SecurityTokenInvalidIssuerException("The token was not issued by its own organisation.");
        if (tenants.Count > 0 && !tenants.Contains(tenant, StringComparer.OrdinalIgnoreCase))
            throw new SecurityTokenInvalidIssuerException("The token's organisation is not allowed to use the bot.");
        return issuer;
    }

    /// <summary>The organisations <c>Bot:AllowedTenants</c> lists (none: any).</summary>
    public static IReadOnlyCollection<string> AllowedTenants(IConfiguration configuration)
        => configuration.GetSection(BotOptions.Section).Get<BotOptions>()?.AllowedTenants ?? [];
}
