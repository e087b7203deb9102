using DeliveryBot.Domain.People;

namespace DeliveryBot.Domain.Lifecycle;

/// <summary>A recorded gate decision: who, when, from which card or command, for whom.</summary>
public sealed record GateDecision(
    string CheckKey, Person By, DateTimeOffset At, string Source,
    Role? OnBehalfOf = null, string? Reason = null, DateTimeOffset? WithdrawnAt = null, string? WithdrawnBecause = null)
{
    public bool Stands => WithdrawnAt is null;
}
