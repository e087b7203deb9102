using System.Security.Claims;
using Hangfire;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DeliveryBot.Scheduling.Dashboard;

/// <summary>
/// Hangfire's dashboard for operators, behind ASP.NET Core authorization instead of Hangfire's "local requests only"
/// filter: Entra ID sign-in (OpenID Connect, a cookie scoped to /hangfire) for members of the admin group, or the
/// bearer key. Nothing about the request's address counts, so headers a proxy adds (or a caller forges) change nothing.
/// </summary>
public static class OperatorDashboard
{
    public const string Policy = "DashboardOperators";
    internal const string CookieScheme = "DashboardCookie";
    internal const string EntraScheme = "DashboardEntra";

    /// <summary>
    /// The options, checked at start; the authentication schemes and the policy only when the dashboard is on.
    /// </summary>
    internal static void AddOperatorDashboard(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OperatorDashboardOptions>()
            .BindConfiguration(OperatorDashboardOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var options = configuration.GetSection(OperatorDashboardOptions.Section).Get<OperatorDashboardOptions>();
        if (options is not { Enabled: true }) return;

        var authentication = services.AddAuthentication();
        List<string> schemes = [];
        if (options.UsesKey)
        {
            authentication.AddScheme<AuthenticationSchemeOptions, DashboardKeyHandler>(
                DashboardKeyHandler.SchemeName, configureOptions: null);
            schemes.Add(DashboardKeyHandler.SchemeName);
        }
        if (options.UsesEntra)
        {
            AddEntra(authentication, options);
            schemes.Add(CookieScheme);
        }
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes([.. schemes])
            .RequireAuthenticatedUser()
            .RequireAssertion(context => IsOperator(context.User, options.AdminGroupId)));
    }

    private static void AddEntra(AuthenticationBuilder authentication, OperatorDashboardOptions options)
    {
        authentication.AddCookie(CookieScheme, cookie =>
        {
            cookie.Cookie.Name = "deliverybot-dashboard";
            cookie.Cookie.Path = OperatorDashboardOptions.Path;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = false;
            cookie.ForwardChallenge = EntraScheme; // not signed in: off to Entra ID
            // Signed in but not in the group: a plain 403, not a redirect to an access-denied page the bot lacks.
            cookie.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        authentication.AddOpenIdConnect(EntraScheme, oidc =>
        {
            oidc.Authority = $"https://login.microsoftonline.com/{options.TenantId}/v2.0";
            oidc.ClientId = options.ClientId;
            if (options.ClientSecret.Length > 0)
            {
                oidc.ClientSecret = options.ClientSecret;
                oidc.ResponseType = "code";
            }
            else
            {
                oidc.ResponseType = "id_token";
                oidc.ResponseMode = "form_post";
            }
            oidc.CallbackPath = OperatorDashboardOptions.Path + "/signin-oidc";
            oidc.SignInScheme = CookieScheme;
            oidc.MapInboundClaims = false; // keep Entra's own names: "groups", "name", "tid"
            oidc.TokenValidationParameters.NameClaimType = "name";
        });
    }

    /// <summary>
    /// The key's holder, or a member of the admin group as the Entra token says (the app registration must emit the
    /// groups claim; for people in very many groups, emit only the groups assigned to the application).
    /// </summary>
    internal static bool IsOperator(ClaimsPrincipal user, string adminGroupId)
        => user.HasClaim(DashboardKeyHandler.OperatorClaim, "key")
            || adminGroupId.Length > 0 && user.HasClaim("groups", adminGroupId);

    /// <summary>Maps /hangfire when the dashboard is on; otherwise nothing is there.</summary>
    public static IEndpointRouteBuilder MapOperatorDashboard(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<OperatorDashboardOptions>>().Value;
        if (!options.Enabled) return endpoints;
        endpoints.MapHangfireDashboardWithAuthorizationPolicy(
            Policy,
            OperatorDashboardOptions.Path,
            new DashboardOptions
            {
                DashboardTitle = "DeliveryBot jobs",
                AppPath = null,
                DisplayStorageConnectionString = false,
                IsReadOnlyFunc = _ => options.ReadOnly,
            },
            endpoints.ServiceProvider.GetRequiredService<JobStorage>());
        return endpoints;
    }
}
