using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Deliveries;

namespace DeliveryBot.Application.Messages;

/// <summary>
/// The channel's side of the outbox (Teams): says one message, or updates one posted card, and returns what happened.
/// Claiming, leases, retries, giving up and telling the DM are the dispatcher's; the channel never records an outcome.
/// </summary>
public interface IMessageChannel
{
    /// <summary>Sends a message about <paramref name="delivery"/> (as it is now) to whoever it is for.</summary>
    Task<SendOutcome> SendAsync(OutgoingMessage message, Delivery delivery, CancellationToken ct);

    /// <summary>
    /// Runs after a message was sent and recorded as sent: what the channel does next (the DM told that the person
    /// nudged is away). True when it wrote further messages to the outbox.
    /// </summary>
    Task<bool> AfterSentAsync(OutgoingMessage message, Delivery delivery, CancellationToken ct);

    /// <summary>
    /// Draws a posted card again from the record and updates it in place; Skipped when what it shows did not change.
    /// </summary>
    Task<SendOutcome> RedrawAsync(PostedCard card, Delivery delivery, CancellationToken ct);
}
