using System.Security.Claims;

namespace DeliveryBot.Teams.Auth;

/// <summary>The outcome of checking an activity's bearer token.</summary>
public sealed record InboundAuth(bool Succeeded, bool Anonymous, string? Failure, ClaimsIdentity? Identity)
{
    public static readonly InboundAuth AnonymousDevelopment = new(true, true, null, null);

    public static InboundAuth Fail(string why) => new(false, false, why, null);

    /// <summary>
    /// The token could be valid, but the signing keys to check it cannot be had now: ask again later (503), never a
    /// 500.
    /// </summary>
    public bool KeysUnavailable { get; init; }

    public static InboundAuth Unavailable(string why) => new(false, false, why, null) { KeysUnavailable = true };

    public static InboundAuth Authenticated(ClaimsIdentity identity) => new(true, false, null, identity);
}
