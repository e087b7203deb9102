using DeliveryBot.Domain.People;

namespace DeliveryBot.Domain.Record;

/// <summary>
/// A sign-off link the DM sent a client contact who is not in Teams, so they can acknowledge the handover
/// themselves on a web page. Numbered L1, L2… on the delivery; one use at most, until it expires or the DM revokes
/// it. What makes it hard to guess (its signature) is the web adapter's business: the record keeps its lifecycle.
/// </summary>
public sealed record SignOffLink(
    string Id,
    DateTimeOffset IssuedAt,
    Person IssuedBy,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? UsedAt = null,
    DateTimeOffset? RevokedAt = null,
    Person? RevokedBy = null)
{
    /// <summary>Whether the link may be used at <paramref name="at"/>: not used, not revoked, not expired.</summary>
    public bool IsOpenAt(DateTimeOffset at) => UsedAt is null && RevokedAt is null && at < ExpiresAt;
}

/// <summary>
/// How a client acknowledged through a sign-off link: which link, and the address and browser it came from (as the
/// web server saw them, cut short), kept as evidence with the acknowledgement.
/// </summary>
public sealed record SignOffUse(string LinkId, string? From, string? UserAgent);
