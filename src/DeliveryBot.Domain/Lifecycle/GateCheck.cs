using DeliveryBot.Domain.People;

namespace DeliveryBot.Domain.Lifecycle;

/// <summary>
/// One thing a stage's gate needs: who must decide it and what they confirm. A stage's gate holds
/// when every check of the stage has a standing decision.
/// </summary>
public sealed record GateCheck(
    string Key, Stage Stage, Role Role, string Question, string DoneVerb, Proxy Proxy = Proxy.Never);
