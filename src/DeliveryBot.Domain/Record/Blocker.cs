using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.People;

namespace DeliveryBot.Domain.Record;

/// <summary>
/// Something stopping progress (a production blocker, a deployment issue). It must be resolved within the
/// delivery's acceptable delay or it escalates to the CTO.
/// </summary>
public sealed record Blocker(
    string Id, Stage Stage, string Description, Person RaisedBy, DateTimeOffset RaisedAt,
    string? Impact = null, string? Resolution = null, DateTimeOffset? ResolvedAt = null)
{
    public bool IsOpen => ResolvedAt is null;
}
