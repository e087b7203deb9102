using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeliveryBot.Scheduling.Dashboard;

/// <summary>
/// <c>Authorization: Bearer &lt;Dashboard:BearerKey&gt;</c> on the dashboard's paths. Anything else is left alone,
/// so the Teams endpoint's own tokens never meet this handler.
/// </summary>
internal sealed class DashboardKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemes,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<OperatorDashboardOptions> dashboard)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemes, logger, encoder)
{
    public const string SchemeName = "DashboardKey";
    public const string OperatorClaim = "deliverybot:operator";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!Request.Path.StartsWithSegments(OperatorDashboardOptions.Path)
            || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return Task.FromResult(AuthenticateResult.NoResult());
        var key = dashboard.Value.BearerKey;
        if (key.Length == 0 || !SameSecret(header["Bearer ".Length..].Trim(), key))
            return Task.FromResult(AuthenticateResult.Fail("The dashboard key does not match."));
        var identity = new ClaimsIdentity([new Claim(OperatorClaim, "key")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = 401;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }

    /// <summary>Compared as hashes in constant time: neither the length nor a prefix of the key leaks.</summary>
    private static bool SameSecret(string presented, string expected) => CryptographicOperations.FixedTimeEquals(
        SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
