using DeliveryBot.Domain.People;

namespace DeliveryBot.Application.Deliveries;

/// <summary>
/// Where a command comes from: its id (an activity or card-action id, the idempotency key), who sent it, from where
/// ("message:&lt;command&gt;", "card:&lt;verb&gt;", "scheduler") and, for a card click, the record version the card was
/// drawn from and which card it was. The tenant is where the people it concerns are reached; null when unknown.
/// </summary>
public sealed record ChangeSource(string CommandId, Person Actor, string Source)
{
    public long? ExpectedVersion { get; init; }
    public string? TenantId { get; init; }
    public Messages.CardName? Clicked { get; init; }
}
