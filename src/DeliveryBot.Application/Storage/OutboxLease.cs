namespace DeliveryBot.Application.Storage;

/// <summary>A claim on outbox rows: whose it is and until when no other sender may take them.</summary>
public sealed record OutboxLease(string Owner, DateTimeOffset Until);
