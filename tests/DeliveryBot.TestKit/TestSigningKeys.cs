using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DeliveryBot.TestKit;

/// <summary>
/// A stand-in for login.botframework.com: OpenID metadata and a key set on loopback, with one key endorsed for
/// msteams and one endorsed for another channel, and tokens minted the way the Bot Connector mints them. While held
/// (<see cref="Hold"/>) the metadata is not served: a bot that has not fetched it yet keeps the activity waiting in
/// its authentication, an invoke in flight for as long as the test needs.
/// </summary>
public sealed class TestSigningKeys : IAsyncDisposable
{
    public const string AppId = "11111111-2222-3333-4444-555555555555";
    public const string Issuer = "https://api.botframework.com";

    private static readonly string[] Algorithms = ["RS256"];
    private RsaSecurityKey _teamsKey = Key("teams-key");
    private readonly RsaSecurityKey _otherChannelKey = Key("webchat-only-key");
    private LoopbackServer _server = null!;
    private TaskCompletionSource? _held;
    private TaskCompletionSource _asked = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Uri MetadataUrl => new(_server.Address, "openidconfiguration");

    public static async Task<TestSigningKeys> StartAsync()
    {
        var keys = new TestSigningKeys();
        keys._server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/openidconfiguration", async (HttpContext c) =>
            {
                if (keys._held is { } held)
                {
                    keys._asked.TrySetResult();
                    await held.Task;
                }
                return Results.Json(new Dictionary<string, object>
                {
                    ["issuer"] = Issuer,
                    ["jwks_uri"] = new Uri(keys._server.Address, "keys").ToString(),
                    ["id_token_signing_alg_values_supported"] = Algorithms,
                });
            });
            app.MapGet("/keys", () => Results.Json(new
            {
                keys = new[] { Jwk(keys._teamsKey, "msteams"), Jwk(keys._otherChannelKey, "webchat") },
            }));
        });
        return keys;
    }

    /// <summary>From now on the metadata is served only once <see cref="Release"/> is called.</summary>
    public void Hold()
    {
        _asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Completes once the metadata has been asked for while held: the asker is waiting.</summary>
    public Task Asked => _asked.Task;

    public void Release() => Interlocked.Exchange(ref _held, null)?.TrySetResult();

    /// <summary>The Teams key replaced by a new one (another key id), as the Bot Connector rotates its keys.</summary>
    public void Rotate() => _teamsKey = Key($"teams-key-{Guid.NewGuid():N}");

    /// <summary>A token as the Bot Connector would send it; each argument can be spoiled for a negative test.</summary>
    public string Token(
        string serviceUrl,
        string? audience = AppId,
        TimeSpan? expiresIn = null,
        bool unknownKey = false,
        bool otherChannelKey = false,
        string issuer = Issuer)
    {
        var key = unknownKey ? Key("not-published") : otherChannelKey ? _otherChannelKey : _teamsKey;
        var now = DateTime.UtcNow;
        var expires = now + (expiresIn ?? TimeSpan.FromHours(1));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = expires.AddHours(-1),
            NotBefore = expires.AddHours(-1),
            Expires = expires,
            Subject = new ClaimsIdentity([new Claim("serviceurl", serviceUrl)]),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    private static RsaSecurityKey Key(string kid) => new(RSA.Create(2048)) { KeyId = kid };

    private static Dictionary<string, object> Jwk(RsaSecurityKey key, string endorsement)
    {
        var p = key.Rsa.ExportParameters(false);
        return new()
        {
            ["kty"] = "RSA", ["use"] = "sig", ["kid"] = key.KeyId,
            ["n"] = Base64UrlEncoder.Encode(p.Modulus), ["e"] = Base64UrlEncoder.Encode(p.Exponent),
            ["endorsements"] = new[] { endorsement },
        };
    }

    public ValueTask DisposeAsync()
    {
        Release();
        return _server.DisposeAsync();
    }
}
