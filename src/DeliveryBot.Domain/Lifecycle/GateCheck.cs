using DeliveryBot.Domain.People;

namespace DeliveryBot.Domain.Lifecycle;

/// <summary>How far the Delivery Manager may act for the role a gate check names.</summary>
public enum Proxy
{
    /// <summary>Only the role's holder (or their delegate).</summary>
    Never,

    /// <summary>The DM may record it for the holder with evidence (date, channel, quote): client receipt.</summary>
    DmWithEvidence,
}

/// <summary>
/// One thing a stage's gate needs: who must decide it and what they confirm. A stage's gate holds
/// when every check of the stage has a standing decision.
/// </summary>
public sealed record GateCheck(string Key, Stage Stage, Role Role, string Question, string DoneVerb, Proxy Proxy = Proxy.Never);

/// <summary>A recorded gate decision: who, when, from which card or command, for whom.</summary>
public sealed record GateDecision(
    string CheckKey, Person By, DateTimeOffset At, string Source,
    Role? OnBehalfOf = null, string? Reason = null, DateTimeOffset? WithdrawnAt = null, string? WithdrawnBecause = null)
{
    public bool Stands => WithdrawnAt is null;
}
