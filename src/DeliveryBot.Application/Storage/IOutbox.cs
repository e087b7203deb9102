namespace DeliveryBot.Application.Storage;

/// <summary>
/// Messages to send, written before they are sent so none is lost, keyed so none is sent twice.
/// A sender claims due messages for a lease; a crash before <see cref="MarkSentAsync"/> lets the lease
/// lapse and the message is claimed again.
/// </summary>
public interface IOutbox
{
    /// <summary>Adds a message; false (and nothing written) if its idempotency key is already there.</summary>
    Task<bool> EnqueueAsync(OutboxMessage message, CancellationToken ct = default);

    /// <summary>Claims up to <paramref name="limit"/> due, unsent, unleased messages until <paramref name="leaseUntil"/>.</summary>
    Task<IReadOnlyList<OutboxItem>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken ct = default);

    Task MarkSentAsync(long id, DateTimeOffset at, CancellationToken ct = default);

    /// <summary>Records a failed attempt: retried at <paramref name="retryAt"/>, or given up (dead) when null.</summary>
    Task MarkFailedAsync(long id, string reason, DateTimeOffset? retryAt, CancellationToken ct = default);

    Task<IReadOnlyList<OutboxItem>> ForDeliveryAsync(string deliveryId, CancellationToken ct = default);
}

public sealed record OutboxMessage(string IdempotencyKey, string? DeliveryId, string RecipientKey, string Kind, string Payload, DateTimeOffset DueAt);

public enum OutboxState { Pending, Sent, Dead }

public sealed record OutboxItem(
    long Id, OutboxMessage Message, int Attempts, OutboxState State, DateTimeOffset? SentAt, string? LastError);
