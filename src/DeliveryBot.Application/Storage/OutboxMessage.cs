namespace DeliveryBot.Application.Storage;

public sealed record OutboxMessage(
    string IdempotencyKey,
    string? DeliveryId,
    string RecipientKey,
    string Kind,
    string Payload,
    DateTimeOffset DueAt);
