using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;

namespace DeliveryBot.Application.Deliveries;

/// <summary>
/// A delivery as it was and as it is after a change was durably saved, with who made it and from where
/// (<see cref="Source"/> is "message:&lt;command&gt;", "card:&lt;verb&gt;" or the scheduler). <see cref="Before"/> is null
/// for a delivery just opened.
/// </summary>
public sealed record DeliveryChanged(Delivery? Before, Delivery After, Person Actor, string Source, string CommandId);

/// <summary>
/// Told of every saved change, after the save: the channel uses it to redraw cards in place and notify
/// stakeholders. A listener must not throw for a failed send; it runs after the change is already safe.
/// </summary>
public interface IDeliveryChangeListener
{
    ValueTask OnChangedAsync(DeliveryChanged change, CancellationToken ct);
}
