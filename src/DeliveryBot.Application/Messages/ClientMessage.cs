using System.Text.Json.Serialization;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Application.Messages;

/// <summary>
/// A client message the DM pressed Send on, as it waits in the outbox: <see cref="Text"/> (drafted when Send was
/// pressed) to the delivery's client contact <see cref="Recipient"/> by <see cref="Via"/>, in the delivery's own
/// organisation <see cref="TenantId"/>; by email from the mailbox <see cref="From"/> with <see cref="Subject"/>. How it
/// went is recorded on the record under <see cref="SendId"/> (<see cref="ClientMessageSender"/>).
/// </summary>
public sealed record ClientMessage(
    string DeliveryId,
    string SendId,
    CommunicationType Type,
    ClientChannel Via,
    Person Recipient,
    string? From,
    string Subject,
    string Text,
    string TenantId)
    : OutgoingMessage(DeliveryId)
{
    public const string OutboxKind = OutboxKinds.Client;

    [JsonIgnore]
    public override Person? Addressee => Recipient;
    [JsonIgnore]
    public override string About => $"the {Type.Title().ToLowerInvariant()} to the client";
}
