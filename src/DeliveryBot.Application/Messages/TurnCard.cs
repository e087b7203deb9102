using System.Text.Json.Serialization;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Policies;

namespace DeliveryBot.Application.Messages;

/// <summary>
/// <see cref="Card"/>, for what someone owes, sent to <see cref="Recipient"/>'s 1:1 chat when their turn comes.
/// <see cref="Owed"/> is who owes it (the recipient, or the client whose receipt the DM records when the client is not
/// in Teams). <see cref="TenantId"/> is where the change was made, when a person made it in Teams.
/// </summary>
public sealed record TurnCard(
    string DeliveryId,
    Person Owed,
    Person Recipient,
    PendingAction Action,
    CardName Card,
    string? TenantId)
    : OutgoingMessage(DeliveryId)
{
    [JsonIgnore]
    public override Person? Addressee => Recipient;
    [JsonIgnore]
    public override string About => Action.What;

    /// <summary>
    /// Whether the record still has <see cref="Owed"/> owing this action (a turn that closed before the card went is
    /// not sent).
    /// </summary>
    public bool StillOwed(Domain.Deliveries.Delivery delivery, DateTimeOffset now)
        => NextActions.ByPerson(delivery, now).Any(new PersonAction(Owed, Action).IsSameAs);
}
