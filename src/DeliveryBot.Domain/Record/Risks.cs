using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.People;

namespace DeliveryBot.Domain.Record;

public enum Level { Low, Medium, High }

/// <summary>A row of the risk register. Client-visible risks go into client status updates.</summary>
public sealed record Risk(
    string Id, string Description, Level Likelihood, Level Impact, string Mitigation,
    bool ConcernsClient, DateTimeOffset RaisedAt, Person RaisedBy, DateTimeOffset? ClosedAt = null)
{
    public bool IsOpen => ClosedAt is null;
}

/// <summary>An ambiguity in the requirements, to be resolved with the Client Intake Manager in stage 1.</summary>
public sealed record Ambiguity(string Id, string Question, DateTimeOffset RaisedAt, string? Resolution = null, Person? ResolvedBy = null)
{
    public bool IsOpen => Resolution is null;
}

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
