namespace DeliveryBot.Application.Storage;

public enum OutboxState { Pending, Sent, Dead }

public sealed record OutboxItem(
    long Id, OutboxMessage Message, int Attempts, OutboxState State, DateTimeOffset? SentAt, string? LastError);
