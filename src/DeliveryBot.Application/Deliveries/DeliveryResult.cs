using DeliveryBot.Domain.Deliveries;

namespace DeliveryBot.Application.Deliveries;

/// <summary>
/// The answer to a command on a stored delivery; <see cref="Delivery"/> is null when there is no such delivery.
/// </summary>
public sealed record DeliveryResult(Outcome Outcome, Delivery? Delivery);

/// <summary>
/// The answer to an intake: the delivery opened (or opened before by the same submission), or why not.
/// </summary>
public sealed record OpenResult(Delivery? Delivery, string Message);
