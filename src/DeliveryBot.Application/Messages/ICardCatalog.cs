using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Policies;

namespace DeliveryBot.Application.Messages;

/// <summary>Which card lets a person do what they owe; the channel knows its cards, the fan-out asks it.</summary>
public interface ICardCatalog
{
    /// <summary>The card for a pending action; null when it is done in words (a blocker), not on a card.</summary>
    CardName? CardFor(PendingAction action);

    /// <summary>
    /// The card that tells people what happened, for information (the schedule shared, a delay notice to offer);
    /// null when the event has none.
    /// </summary>
    CardName? InformationFor(DeliveryEvent happened) => null;
}

/// <summary>No channel with cards: the fan-out sends no turn cards (redraws and notices still go).</summary>
internal sealed class NoCards : ICardCatalog
{
    public CardName? CardFor(PendingAction action) => null;
}
