using DeliveryBot.Domain.People;

namespace DeliveryBot.Domain.Record;

public enum EscalationState { Open, Acknowledged, Resolved }

/// <summary>
/// An escalation to the CTO: raised by the DM or automatically when a delay passes what was agreed.
/// <see cref="Trigger"/> names what raised it automatically (a milestone or blocker) so it is raised once.
/// </summary>
public sealed record Escalation(
    string Id, DateTimeOffset RaisedAt, string Issue, Person EscalatedTo, Person RaisedBy, string? Trigger = null,
    DateTimeOffset? AcknowledgedAt = null,
    string? Resolution = null, Person? ResolvedBy = null, DateTimeOffset? ResolvedAt = null)
{
    public EscalationState State => ResolvedAt is not null ? EscalationState.Resolved
        : AcknowledgedAt is not null ? EscalationState.Acknowledged : EscalationState.Open;

    public bool IsResolved => State == EscalationState.Resolved;
}
