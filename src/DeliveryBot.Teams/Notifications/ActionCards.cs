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
        var card = For(action);
        if (card is not null && cards.Knows(card.Template)) return card;
        return action.CheckKey is { } check ? new CardName("gate", check) : null;
    }

    private static CardName? For(PendingAction action) => action.Kind switch
    {
        ActionKind.Gate => ForCheck(action.CheckKey),
        ActionKind.ResolveAmbiguity => new("intake-gate"),
        ActionKind.PlanSchedule or ActionKind.ShareSchedule or ActionKind.InitialCommunication => new("planning"),
        ActionKind.StartProduction => new("checkin"),
        ActionKind.Remediate => new("qa-failure"),
        ActionKind.ConfirmDeploymentWindow or ActionKind.StartDeployment => new("deployment"),
        ActionKind.PrepareHandover or ActionKind.SendHandover => new("handover"),
        ActionKind.AcknowledgeEscalation => new("escalation", action.Subject ?? ""),
        ActionKind.Close => new("close"),
        _ => null, // a blocker is resolved by whoever can, in words: no card of its own
    };

    private static CardName? ForCheck(string? checkKey)
    {
        if (FindCheck(checkKey) is not { } check) return null;
        if (check == Checks.RequirementsUnambiguous || check == Checks.ClientTimelineAcknowledged) return new("intake-gate");
        if (check == Checks.ScheduleAcknowledgedByPla || check == Checks.ScheduleAcknowledgedByDeployment) return new("schedule", check.Key);
        if (check == Checks.ProductionComplete) return new("production-complete");
        if (check == Checks.QaPass) return new("qa");
        if (check == Checks.DeploymentSucceeded) return new("deployment");
        if (check == Checks.ClientReceipt) return new("client-ack");
        return check == Checks.ReviewComplete ? new("review") : new("gate", check.Key);
    }
}
