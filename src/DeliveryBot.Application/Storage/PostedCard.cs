using DeliveryBot.Domain.People;

namespace DeliveryBot.Application.Storage;

/// <summary>
/// A card in a chat or channel: where it is (service URL, conversation, activity id) and what it shows (its template
/// and focus: a gate's key, an escalation id), so it can be drawn again from the record.
/// </summary>
public sealed record PostedCard(
    string DeliveryId,
    string Template,
    string Focus,
    string ServiceUrl,
    string ConversationId,
    string ActivityId,
    string? TenantId,
    DateTimeOffset PostedAt)
{
    /// <summary>
    /// A digest of what the card shows now in Teams, so a redraw that would show the same is not sent.
    /// </summary>
    public string? DrawnHash { get; init; }

    /// <summary>
    /// Its part of the lifecycle is over and it was drawn in its final state: it is left alone from now on.
    /// </summary>
    public bool Final { get; init; }

    /// <summary>
    /// The one person who reads it, for a card in their own 1:1 chat with the bot: it was drawn for them (their
    /// question, their buttons), and every redraw is too. Null in a chat or channel many people read.
    /// </summary>
    public Person? Viewer { get; init; }
}
