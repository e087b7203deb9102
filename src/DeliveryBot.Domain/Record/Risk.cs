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
