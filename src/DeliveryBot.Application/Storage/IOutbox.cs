namespace DeliveryBot.Application.Storage;

/// <summary>
/// Messages to send, written before they are sent so none is lost, keyed so none is sent twice.
/// A sender claims due messages for a lease in its own name, renews the lease on each message just before sending
/// it (so a sender that lost a lapsed claim to another never sends), and marks it sent once the channel took it.
/// A crash before <see cref="MarkSentAsync"/> lets the lease lapse, or the restarted sender releases it, and the
/// message is claimed again.
/// </summary>
public interface IOutbox
{
    /// <summary>Adds a message; false (and nothing written) if its idempotency key is already there.</summary>
    Task<bool> EnqueueAsync(OutboxMessage message, CancellationToken ct = default);

    /// <summary>
    /// Claims up to <paramref name="limit"/> due, unsent, unleased messages for <paramref name="owner"/> until
    /// <paramref name="leaseUntil"/>.
    /// </summary>
    Task<IReadOnlyList<OutboxItem>> ClaimDueAsync(
        DateTimeOffset now, DateTimeOffset leaseUntil, int limit, string owner, CancellationToken ct = default);

    /// <summary>
    /// Extends <paramref name="owner"/>'s lease on a message it is about to send; false when the message is no longer
    /// its to send (the lease lapsed and another sender claimed it, or it was sent or given up meanwhile).
    /// </summary>
    Task<bool> RenewLeaseAsync(long id, string owner, DateTimeOffset leaseUntil, CancellationToken ct = default);

    /// <summary>
    /// Extends <paramref name="owner"/>'s leases on the messages it holds waiting to be sent (those still its own and
    /// unsent), lapsed or not; how many. A sender keeps what waits behind a slow chat its own this way, rather than
    /// letting every pass claim it again.
    /// </summary>
    Task<int> RenewLeasesAsync(
        IReadOnlyList<long> ids, string owner, DateTimeOffset leaseUntil, CancellationToken ct = default);

    /// <summary>
    /// Releases every lease <paramref name="owner"/> holds (a restarted sender's claims from before its crash); how
    /// many.
    /// </summary>
    Task<int> ReleaseLeasesAsync(string owner, CancellationToken ct = default);

    Task MarkSentAsync(long id, DateTimeOffset at, CancellationToken ct = default);

    /// <summary>
    /// Records a failed attempt: retried at <paramref name="retryAt"/>, or given up (dead) when null.
    /// </summary>
    Task MarkFailedAsync(long id, string reason, DateTimeOffset? retryAt, CancellationToken ct = default);

    /// <summary>
    /// One row as it is now, by its id; null when there is none (pruned). What a sender that kept only a claimed row's
    /// id reads back before sending it.
    /// </summary>
    Task<OutboxItem?> FindAsync(long id, CancellationToken ct = default);

    /// <summary>
    /// Every row of one delivery still kept, in the order written. For tests and inspection, not the bot's work: the
    /// outbox has no index by delivery (each message written would pay for one), so this reads the whole table.
    /// </summary>
    Task<IReadOnlyList<OutboxItem>> ForDeliveryAsync(string deliveryId, CancellationToken ct = default);

    /// <summary>
    /// Deletes the messages sent before <paramref name="sentBefore"/> among the next <paramref name="batch"/> rows
    /// written after row <paramref name="after"/>; unsent and given-up rows stay. Its idempotency key goes with a
    /// row, which is safe because every key the bot writes names its moment (a version, a command, a reminder's
    /// slot, a week).
    /// </summary>
    Task<OutboxPruning> PruneSentAsync(
        long after, DateTimeOffset sentBefore, int batch, CancellationToken ct = default);
}

/// <summary>
/// What one step of pruning did: rows deleted, and the row to go on after, or null when the rest of the outbox was
/// written at or after the cut (nothing further can have been sent before it).
/// </summary>
public sealed record OutboxPruning(int Deleted, long? Next);
