using System.Text.Json.Serialization;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.People;

namespace DeliveryBot.Application.Messages;

/// <summary>
/// A message about a delivery that must reach a person and must not be lost on the way (the Delivery Manager told
/// that a stakeholder cannot be reached): written to the outbox and sent from there like a reminder, retried until
/// Teams takes it, given up on only with the reason kept on its row. The text is Markdown, already escaped.
/// </summary>
public sealed record Notice(string DeliveryId, string Markdown, Person Recipient) : OutgoingMessage(DeliveryId)
{
    [JsonIgnore]
    public override Person? Addressee => Recipient;
    [JsonIgnore]
    public override string About => "a notice";

    /// <summary>
    /// The tenant the recipient is reached in, when the change that prompted it says (else the channel finds it).
    /// </summary>
    public string? TenantId { get; init; }

    public const string OutboxKind = OutboxKinds.Notice;

    /// <summary>The outbox row; the same key again (the same notice, asked for twice) writes nothing.</summary>
    public OutboxMessage ToOutbox(string key, DateTimeOffset now)
        => OutboxKinds.Row(this, $"{DeliveryId}:{key}", OutboxKinds.PersonLane(Recipient), now);
}
