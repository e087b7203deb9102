using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DeliveryBot.Tab;

/// <summary>
/// Development only, with no app id: tokens for whoever is picked on the tab's sign-in picker, signed with a key that
/// lives as long as the process, so the tab can be tried in a browser with no Entra app, as the playground stands in
/// for Teams. They carry the claims a Teams token would (tid, oid, name) and go through the same JWT handler.
/// </summary>
internal sealed class DevelopmentSignIn
{
    private const string Issuer = "DeliveryBot development sign-in";
    private const string Audience = "deliverybot-tab";
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    private readonly SymmetricSecurityKey _key = new(RandomNumberGenerator.GetBytes(32));

    public TokenValidationParameters Parameters() => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Audience,
        IssuerSigningKey = _key,
        ValidateLifetime = true,
        RequireSignedTokens = true,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
    };

    public string Issue(string tenantId, string objectId, string name, DateTimeOffset now)
        => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.Add(Lifetime).UtcDateTime,
            Subject = new ClaimsIdentity(
            [
                new Claim(TabReader.TenantClaim, tenantId),
                new Claim(TabReader.ObjectIdClaim, objectId),
                new Claim("name", name),
            ]),
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
        });
}
