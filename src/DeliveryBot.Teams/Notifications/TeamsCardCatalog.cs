using DeliveryBot.Application.Messages;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Policies;
using DeliveryBot.Domain.Record;
using DeliveryBot.Teams.Cards;
using DeliveryBot.Teams.Cards.Views;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;

namespace DeliveryBot.Teams.Notifications;

/// <summary>Which card lets a person do what they owe: the one map from a pending action to a card.</summary>
internal sealed class TeamsCardCatalog(CardDrawer cards) : ICardCatalog
{
    /// <summary>The card for an action; the generic gate card for a gate check whose own card is not drawn.</summary>
    public CardName? CardFor(PendingAction action)
    {
        var card = For(action);
        if (card is not null && cards.Knows(card.Template)) return card;
        return action.CheckKey is { } check ? new CardName(Templates.Gate, check) : null;
    }

    /// <summary>
    /// The schedule, read-only, for a stakeholder it was shared with; the drafted delay notice for the DM; a declared
    /// incident for its commander and the team.
    /// </summary>
    public CardName? InformationFor(DeliveryEvent happened) => happened switch
    {
        ScheduleShared => new(Templates.Schedule, ScheduleCard.Shared),
        DelayNoticeDue => new(Templates.Update, nameof(CommunicationType.DelayNotice)),
        IncidentDeclared declared => new(Templates.Incident, declared.IncidentId),
        _ => null,
    };

    private static CardName? For(PendingAction action) => action.Kind switch
    {
        ActionKind.Gate => ForCheck(action.CheckKey),
        ActionKind.ResolveAmbiguity => new(Templates.IntakeGate),
        ActionKind.PlanSchedule or ActionKind.ShareSchedule or ActionKind.InitialCommunication
            => new(Templates.Planning),
        ActionKind.StartProduction => new(Templates.CheckIn),
        ActionKind.Remediate => new(Templates.QaFailure),
        ActionKind.ConfirmDeploymentWindow or ActionKind.StartDeployment => new(Templates.Deployment),
        ActionKind.PrepareHandover or ActionKind.SendHandover => new(Templates.Handover),
        ActionKind.AcknowledgeEscalation => new(Templates.Escalation, action.Subject ?? ""),
        ActionKind.Close => new(Templates.Close),
        ActionKind.ResolveBlocker => new(Templates.Blocker, action.Subject ?? ""),
        ActionKind.AcknowledgeRevisedSchedule => new(Templates.Schedule, ScheduleCard.Revised),
        ActionKind.ConfirmExitCriteria or ActionKind.DecideGoNoGo => new(Templates.Release),
        ActionKind.ConfirmManagement => new(Templates.Manager),
        ActionKind.ApproveChange => new(Templates.ChangeApproval, action.Subject ?? ""),
        ActionKind.AcknowledgeIncident or ActionKind.ResolveIncident => new(Templates.Incident, action.Subject ?? ""),
        _ => null,
    };

    private static CardName? ForCheck(string? checkKey)
    {
        if (FindCheck(checkKey) is not { } check) return null;
        if (check == Checks.RequirementsUnambiguous || check == Checks.ClientTimelineAcknowledged)
            return new(Templates.IntakeGate);
        if (check == Checks.ScheduleAcknowledgedByPla || check == Checks.ScheduleAcknowledgedByDeployment)
            return new(Templates.Schedule, check.Key);
        if (check == Checks.ProductionComplete) return new(Templates.ProductionComplete);
        if (check == Checks.QaPass) return new(Templates.Qa);
        if (check == Checks.DeploymentSucceeded) return new(Templates.Deployment);
        if (check == Checks.ClientReceipt) return new(Templates.ClientAck);
        return check == Checks.ReviewComplete ? new(Templates.Review) : new(Templates.Gate, check.Key);
    }
}
