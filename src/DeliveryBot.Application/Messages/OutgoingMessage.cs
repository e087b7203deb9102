using System.Text.Json.Serialization;
using DeliveryBot.Domain.People;

namespace DeliveryBot.Application.Messages;

/// <summary>
/// Something the bot tells people about a delivery, as it waits in the outbox: each kind is a record of its own,
/// written as the row's payload under its <see cref="OutboxKinds">kind</see>, read back by the dispatcher and handed to
/// the channel.
/// </summary>
public abstract record OutgoingMessage(string DeliveryId)
{
    /// <summary>The person it is for; null for a card updated where it was posted.</summary>
    [JsonIgnore]
    public abstract Person? Addressee { get; }

    /// <summary>What it is about, in a few words: what the DM is told did not arrive when Teams refuses it.</summary>
    [JsonIgnore]
    public abstract string About { get; }
}

/// <summary>
/// Every posted card of a delivery drawn again from the record as it is now (a change was saved at
/// <see cref="Version"/>).
/// </summary>
public sealed record CardRedraw(string DeliveryId, long Version) : OutgoingMessage(DeliveryId)
{
    [JsonIgnore]
    public override Person? Addressee => null;
    [JsonIgnore]
    public override string About => $"the cards of {DeliveryId}";
}

/// <summary>
/// An older living card, replaced by a newer copy in the same chat, updated once to say where the living one is now,
/// and then left alone.
/// </summary>
public sealed record CardMoved(
    string DeliveryId,
    string Template,
    string ServiceUrl,
    string ConversationId,
    string ActivityId,
    string? TenantId)
    : OutgoingMessage(DeliveryId)
{
    [JsonIgnore]
    public override Person? Addressee => null;
    [JsonIgnore]
    public override string About => $"the older {Template} card of {DeliveryId}";
}
