using DeliveryBot.Application.Messages;
using DeliveryBot.Domain.Policies;
using DeliveryBot.Teams.Cards;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;

namespace DeliveryBot.Teams.Notifications;

/// <summary>Which card lets a person do what they owe: the one map from a pending action to a card.</summary>
public sealed class ActionCards(CardDrawer cards) : ICardCatalog
{
    /// <summary>The card for an action; the generic gate card for a gate check whose own card is not drawn.</summary>
    public CardName? CardFor(PendingAction action)
    {
        var card = For("", action);
        if (card is not null && cards.Knows(card.Template)) return new CardName(card.Template, card.Focus);
        return action.CheckKey is { } check ? new CardName("gate", check) : null;
    }

    public static CardRef? For(string deliveryId, PendingAction action) => action.Kind switch
    {
        ActionKind.Gate => ForCheck(deliveryId, action.CheckKey),
        ActionKind.ResolveAmbiguity => new("intake-gate", deliveryId),
        ActionKind.PlanSchedule or ActionKind.ShareSchedule or ActionKind.InitialCommunication => new("planning", deliveryId),
        ActionKind.StartProduction => new("checkin", deliveryId),
        ActionKind.Remediate => new("qa-failure", deliveryId),
        ActionKind.ConfirmDeploymentWindow or ActionKind.StartDeployment => new("deployment", deliveryId),
        ActionKind.PrepareHandover or ActionKind.SendHandover => new("handover", deliveryId),
        ActionKind.AcknowledgeEscalation => new("escalation", deliveryId, action.Subject ?? ""),
        ActionKind.Close => new("close", deliveryId),
        _ => null, // a blocker is resolved by whoever can, in words: no card of its own
    };

    private static CardRef? ForCheck(string deliveryId, string? checkKey)
    {
        if (FindCheck(checkKey) is not { } check) return null;
        if (check == Checks.RequirementsUnambiguous || check == Checks.ClientTimelineAcknowledged) return new("intake-gate", deliveryId);
        if (check == Checks.ScheduleAcknowledgedByPla || check == Checks.ScheduleAcknowledgedByDeployment) return new("schedule", deliveryId, check.Key);
        if (check == Checks.ProductionComplete) return new("production-complete", deliveryId);
        if (check == Checks.QaPass) return new("qa", deliveryId);
        if (check == Checks.DeploymentSucceeded) return new("deployment", deliveryId);
        if (check == Checks.ClientReceipt) return new("client-ack", deliveryId);
        return check == Checks.ReviewComplete ? new("review", deliveryId) : Gate(deliveryId, check.Key);
    }

    /// <summary>The generic gate card: one question, one Acknowledge button.</summary>
    public static CardRef Gate(string deliveryId, string checkKey) => new("gate", deliveryId, checkKey);
}
