using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text.Json;
using DeliveryBot.Teams.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace DeliveryBot.Teams.Auth;

/// <summary>
/// Validates the Bot Connector's JWT on an inbound activity as the Bot Framework requires: issuer, audience
/// (the app id), RS256 signature by a key from the OpenID metadata, lifetime with 5 minutes of skew, the key's
/// endorsement of the activity's channel, and the "serviceurl" claim equal to the activity's serviceUrl.
/// Metadata and keys are cached and refreshed (at once when an unknown key id shows up).
/// </summary>
/// <remarks>
/// Teams sends a bot the same token with every activity until it nears its expiry (about an hour), so a token that
/// passed is remembered by its text, with the key set it was checked against (<see cref="_validated"/>): checking its
/// signature again on every click repeated the same work (about 2 % of a click's CPU). Its lifetime, and what it says
/// about each activity (the channel its key endorses, its serviceurl), are still checked every time; once the keys
/// are fetched again (rotated, refreshed), each remembered token is checked again in full.
/// </remarks>
internal sealed partial class BotTokenValidator
{
    public const string BotFrameworkIssuer = "https://api.botframework.com";
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);
    private static readonly InboundAuth KeysMissing = InboundAuth.Unavailable("the signing keys cannot be fetched");

    private readonly BotCredentials _credentials;
    private readonly ConfigurationManager<OpenIdConnectConfiguration> _metadata;
    private readonly JsonWebTokenHandler _handler = new();
    private readonly TimeProvider _clock;
    private readonly ILogger<BotTokenValidator> _logger;
    private readonly string _metadataUrl;
    private long _unavailableSince; // ticks of the first failed fetch since the last good one; 0 while keys are at hand
    private long _toldAt;
    private volatile BuiltParameters? _parameters; // the last key set's

    /// <summary>
    /// Tokens that passed, by their text. Only a token signed by a published key gets in (what Microsoft issued this
    /// bot, a handful at a time), and the whole is dropped if it ever holds <see cref="MostValidated"/>.
    /// </summary>
    private readonly ConcurrentDictionary<string, Validated> _validated = new(StringComparer.Ordinal);
    internal const int MostValidated = 1_000;

    /// <summary>
    /// The client the signing keys are fetched with. A refresh is awaited by the activities that need it (blocking
    /// refreshes, Program.cs), so a metadata endpoint that hangs holds them at most this long, then the keys at hand
    /// serve.
    /// </summary>
    private static readonly HttpClient KeysHttp = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>How often an outage of the signing keys is logged while it lasts (not once per request).</summary>
    private static readonly TimeSpan TellEvery = TimeSpan.FromMinutes(1);

    public BotTokenValidator(
        IOptions<BotCredentials> credentials,
        IOptions<BotOptions> options,
        TimeProvider clock,
        ILogger<BotTokenValidator> logger)
    {
        _credentials = credentials.Value;
        _clock = clock;
        _logger = logger;
        _metadataUrl = options.Value.OpenIdMetadataUrl;
        var url = options.Value.OpenIdMetadataUrl;
        _metadata = new ConfigurationManager<OpenIdConnectConfiguration>(
            url,
            new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever(KeysHttp)
            {
                RequireHttps = url.StartsWith("https://", StringComparison.OrdinalIgnoreCase),
            });
    }

    public bool Enabled => _credentials.HasAppId;

    /// <summary>Since when the signing keys could not be fetched, while that lasts (for /healthz).</summary>
    public DateTimeOffset? KeysUnavailableSince
        => Interlocked.Read(ref _unavailableSince) is var ticks and > 0
            ? new DateTimeOffset(ticks, TimeSpan.Zero)
            : null;

    public async Task<InboundAuth> ValidateAsync(string? authorization, Activity activity, CancellationToken ct)
    {
        if (!Enabled) return InboundAuth.AnonymousDevelopment;
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return InboundAuth.Fail("no bearer token");
        // A signed JWT is three base64url parts; anything else is refused before any parsing (the handler's own
        // CanReadToken runs a regular expression over the whole token on every request).
        if (TokenOf(authorization).Count('.') != 2) return InboundAuth.Fail("the token is not a JWT");
        if (Remembered(authorization) is { } seen)
        {
            if (await ConfigurationAsync(ct) is not { } current)
                return KeysMissing;
            if (seen.Config == current && InLifetime(seen.NotBefore, seen.Expires))
                return ForActivity(current, seen.Kid, seen.Identity, activity);
        }
        // not seen, other keys now, or expired: checked in full, and remembered anew if it passes
        var token = TokenOf(authorization).ToString();
        _validated.TryRemove(token, out _);
        // Its header and claims must read as a JWT before any key is needed: what cannot be a token is refused (401)
        // even while the keys cannot be fetched.
        JsonWebToken read;
        try { read = new JsonWebToken(token); }
        catch (Exception e) when (e is ArgumentException or SecurityTokenException)
        {
            return InboundAuth.Fail("the token is not a JWT");
        }

        if (await ConfigurationAsync(ct) is not { } config)
            return KeysMissing;
        // the token as read above: the handler does not parse it again
        var result = await _handler.ValidateTokenAsync(read, Parameters(config));
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // Keys rotate: look once more before refusing. The fetch happens in this request (the host asks
            // IdentityModel for blocking refreshes, Program.cs), at most once per 5 minutes.
            _metadata.RequestRefresh();
            if (await ConfigurationAsync(ct) is not { } fresh)
                return KeysMissing;
            config = fresh;
            result = await _handler.ValidateTokenAsync(read, Parameters(config));
        }
        if (!result.IsValid) return InboundAuth.Fail(result.Exception?.GetType().Name ?? "invalid token");

        var jwt = (JsonWebToken)result.SecurityToken;
        if (_validated.Count >= MostValidated) _validated.Clear();
        _validated[token] = new Validated(
            config, result.ClaimsIdentity, jwt.Kid, Instant(jwt.ValidFrom), Instant(jwt.ValidTo));
        return ForActivity(config, jwt.Kid, result.ClaimsIdentity, activity);
    }

    /// <summary>The token in a "Bearer ..." header, where it lies; copied only to be checked in full.</summary>
    private static ReadOnlySpan<char> TokenOf(string authorization) => authorization.AsSpan("Bearer ".Length).Trim();

    /// <summary>
    /// The token of <paramref name="authorization"/> if it passed before, looked up without copying it out of the
    /// header (it is a kilobyte or more, and the same on every click).
    /// </summary>
    private Validated? Remembered(string authorization)
        => _validated.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(TokenOf(authorization), out var seen)
            ? seen
            : null;

    /// <summary>What a valid token must say of this activity: its key endorses the channel; its serviceurl.</summary>
    private static InboundAuth ForActivity(
        OpenIdConnectConfiguration config, string? kid, ClaimsIdentity identity, Activity activity)
    {
        if (!Endorses(config, kid, activity.ChannelId))
            return InboundAuth.Fail($"the signing key does not endorse channel '{activity.ChannelId}'");
        var serviceUrl = identity.FindFirst("serviceurl")?.Value;
        if (serviceUrl is null
            || !string.Equals(
                serviceUrl.TrimEnd('/'), activity.ServiceUrl?.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
            return InboundAuth.Fail("the serviceurl claim does not match the activity");
        return InboundAuth.Authenticated(identity);
    }

    /// <summary>A token's nbf or exp as read (DateTime.MinValue when it has none).</summary>
    private static DateTime? Instant(DateTime value) => value == DateTime.MinValue ? null : value;

    /// <summary>Within the token's lifetime, with 5 minutes of skew either side; a token must expire.</summary>
    private bool InLifetime(DateTime? notBefore, DateTime? expires)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        return (notBefore is null || notBefore.Value - Skew <= now)
            && expires is not null
            && now <= expires.Value + Skew;
    }

    /// <summary>
    /// The metadata and keys (cached), or null while they cannot be fetched: told once a minute, not per request.
    /// </summary>
    private async Task<OpenIdConnectConfiguration?> ConfigurationAsync(CancellationToken ct)
    {
        try
        {
            var config = await _metadata.GetConfigurationAsync(ct);
            Interlocked.Exchange(ref _unavailableSince, 0);
            return config;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var now = _clock.GetUtcNow();
            Interlocked.CompareExchange(ref _unavailableSince, now.UtcTicks, 0);
            var told = Interlocked.Read(ref _toldAt);
            if (now.UtcTicks - told >= TellEvery.Ticks
                && Interlocked.CompareExchange(ref _toldAt, now.UtcTicks, told) == told)
                KeysUnavailable(_metadataUrl, e.GetBaseException().Message);
            return null;
        }
    }

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning,
        Message = "The Bot Connector's signing keys cannot be fetched from {MetadataUrl} ({Reason}); " +
            "activities are answered 503 until they can")]
    private partial void KeysUnavailable(string metadataUrl, string reason);

    /// <summary>
    /// The parameters for a key set, built once per key set (a fetched configuration is replaced, never changed): the
    /// handler only reads them, and every activity needs them.
    /// </summary>
    private TokenValidationParameters Parameters(OpenIdConnectConfiguration config)
    {
        var built = _parameters;
        if (built?.Config == config) return built.Parameters;
        var parameters = NewParameters(config);
        _parameters = new BuiltParameters(config, parameters);
        return parameters;
    }

    private TokenValidationParameters NewParameters(OpenIdConnectConfiguration config) => new()
    {
        // Teams traffic carries Bot Connector tokens for multi- and single-tenant bots alike; the tenant is
        // checked on the activity (Bot:AllowedTenants), not in the token.
        ValidIssuer = BotFrameworkIssuer,
        ValidAudiences = [_credentials.MicrosoftAppId!, $"api://{_credentials.MicrosoftAppId}"],
        IssuerSigningKeys = config.SigningKeys,
        ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512],
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ValidateLifetime = true,
        ClockSkew = Skew,
        LifetimeValidator = (notBefore, expires, _, _) => InLifetime(notBefore, expires),
    };

    /// <summary>The Bot Connector's keys carry "endorsements": the channels each key may sign for.</summary>
    private static bool Endorses(OpenIdConnectConfiguration config, string? kid, string? channelId)
    {
        if (channelId is null) return false;
        var key = config.JsonWebKeySet?.Keys.FirstOrDefault(k => k.Kid == kid);
        if (key is null || !key.AdditionalData.TryGetValue("endorsements", out var endorsements)) return false;
        return endorsements switch
        {
            JsonElement { ValueKind: JsonValueKind.Array } array
                => array.EnumerateArray().Any(e => e.GetString() == channelId),
            IEnumerable<object> list => list.Any(e => e?.ToString() == channelId),
            _ => false,
        };
    }

    private sealed record BuiltParameters(OpenIdConnectConfiguration Config, TokenValidationParameters Parameters);

    /// <summary>A token that passed: the key set it was checked against, what it said, and its lifetime.</summary>
    private sealed record Validated(
        OpenIdConnectConfiguration Config,
        ClaimsIdentity Identity,
        string? Kid,
        DateTime? NotBefore,
        DateTime? Expires);
}
