using DeliveryBot.Domain.People;

namespace DeliveryBot.Domain.Policies;

/// <summary>What kind of thing is owed, so an adapter can offer the right form or card for it.</summary>
public enum ActionKind
{
    Gate, ResolveAmbiguity, PlanSchedule, ShareSchedule, InitialCommunication, StartProduction, Remediate,
    ConfirmDeploymentWindow, StartDeployment, PrepareHandover, SendHandover, ResolveBlocker, AcknowledgeEscalation,
    Close, AcknowledgeRevisedSchedule, ConfirmExitCriteria, DecideGoNoGo, ConfirmManagement, ApproveChange,
    AcknowledgeIncident, ResolveIncident,
}

/// <summary>
/// Something a role owes the delivery now. <see cref="CheckKey"/> names the gate check when it is one;
/// <see cref="Subject"/> names the ambiguity, blocker, escalation, change request or incident it is about.
/// </summary>
public sealed record PendingAction(Role Role, string What, DateTimeOffset Since, string? CheckKey = null)
{
    public required ActionKind Kind { get; init; }
    public string? Subject { get; init; }
}
