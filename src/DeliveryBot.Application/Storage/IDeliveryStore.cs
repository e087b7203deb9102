using DeliveryBot.Domain.Deliveries;

namespace DeliveryBot.Application.Storage;

/// <summary>
/// Where delivery records live. Saves are optimistic on the record's version: a save whose expected
/// version is not the stored one throws <see cref="ConcurrencyConflictException"/> and writes nothing.
/// A save also appends the record's new audit entries to the append-only audit log and refreshes the
/// indexes behind <see cref="MineAsync"/>, <see cref="ForPersonAsync"/> and <see cref="DueAsync"/>.
/// </summary>
public interface IDeliveryStore
{
    /// <summary>
    /// A new short, typeable delivery id ("D42"), numbered per organisation and never handed out twice in one.
    /// </summary>
    Task<string> NextDeliveryIdAsync(string tenantId, CancellationToken ct = default);

    /// <summary>
    /// The delivery stored under <paramref name="deliveryKey"/> (<see cref="Delivery.Key"/>: its organisation and id).
    /// </summary>
    Task<Delivery?> FindAsync(string deliveryKey, CancellationToken ct = default);

    /// <summary>
    /// The delivery as this process last loaded or saved it, without asking the database whether that is still the
    /// stored version; null when none is kept. Only for a decision checked anyway: a save expecting the copy's version
    /// fails if another instance saved since (<see cref="ConcurrencyConflictException"/>), and a decision that saves
    /// nothing confirms the copy first (<see cref="IsStoredVersionAsync"/>).
    /// </summary>
    Delivery? FindKept(string deliveryKey) => null;

    /// <summary>Whether <paramref name="version"/> is the one stored under <paramref name="deliveryKey"/>.</summary>
    async Task<bool> IsStoredVersionAsync(string deliveryKey, long version, CancellationToken ct = default)
        => (await FindAsync(deliveryKey, ct))?.Version == version;

    /// <summary>Inserts (expected version 0) or updates the delivery, durably, in one transaction.</summary>
    Task SaveAsync(Delivery delivery, long expectedVersion, DateTimeOffset now, CancellationToken ct = default)
        => SaveAsync(delivery, expectedVersion, now, messages: [], lease: null, ct);

    /// <summary>
    /// Saves the delivery and adds <paramref name="messages"/> to the outbox in the same transaction: both are written
    /// or neither is. A message whose idempotency key is already there is left as it is. With a
    /// <paramref name="lease"/>, the rows are written already claimed by that sender, which sends them without claiming
    /// them; they are returned.
    /// </summary>
    Task<IReadOnlyList<OutboxItem>> SaveAsync(
        Delivery delivery,
        long expectedVersion,
        DateTimeOffset now,
        IReadOnlyCollection<OutboxMessage> messages,
        OutboxLease? lease = null,
        CancellationToken ct = default);

    /// <summary>Imports many deliveries in one transaction (a restore or a migration); each must be new.</summary>
    Task ImportAsync(IReadOnlyCollection<Delivery> deliveries, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>
    /// The command with this id, if any delivery applied it: the delivery (by key) and the answer it gave.
    /// </summary>
    Task<ProcessedCommand?> FindCommandAsync(string commandId, CancellationToken ct = default);

    /// <summary>The append-only audit log of one delivery (by key), oldest first.</summary>
    Task<IReadOnlyList<Domain.Record.AuditEntry>> AuditAsync(string deliveryKey, CancellationToken ct = default);

    /// <summary>
    /// A person's pending actions across the open deliveries of one organisation (`mine`), by any of their keys.
    /// </summary>
    Task<IReadOnlyList<PendingActionRow>> MineAsync(
        string tenantId, IReadOnlyCollection<string> personKeys, CancellationToken ct = default);

    /// <summary>The open deliveries of one organisation where a person holds a role.</summary>
    Task<IReadOnlyList<DeliveryRole>> ForPersonAsync(
        string tenantId, IReadOnlyCollection<string> personKeys, CancellationToken ct = default);

    /// <summary>
    /// Keys of deliveries, in every organisation, with something due at or before <paramref name="asOf"/>, soonest
    /// first: open ones, and closed ones whose review follow-ups are still open and due.
    /// </summary>
    Task<IReadOnlyList<string>> DueAsync(DateTimeOffset asOf, int limit, CancellationToken ct = default);

    /// <summary>
    /// One organisation's open deliveries, newest first, at most <paramref name="limit"/>, loaded without their audit
    /// trail (the release calendar reads their windows, schedules and go/no-go).
    /// </summary>
    Task<IReadOnlyList<Delivery>> OpenRecordsAsync(string tenantId, int limit, CancellationToken ct = default);

    /// <summary>
    /// The organisations (tenant ids, lower case) that have deliveries, in order, after <paramref name="after"/> (null:
    /// from the first), at most <paramref name="limit"/>: the weekly digest walks them a page at a time.
    /// </summary>
    Task<IReadOnlyList<string>> TenantsAsync(string? after, int limit, CancellationToken ct = default);

    /// <summary>
    /// One organisation's open deliveries and the closed ones changed at or after <paramref name="closedSince"/>,
    /// newest first, at most <paramref name="limit"/>, loaded without their audit trail; never another organisation's.
    /// The weekly digest reads what is late this week and the error-budget alerts sent from them.
    /// </summary>
    Task<IReadOnlyList<Delivery>> RecentRecordsAsync(
        string tenantId, DateTimeOffset closedSince, int limit, CancellationToken ct = default);

    /// <summary>
    /// One organisation's metric facts summed for <paramref name="month"/> (its first day; each delivery's facts
    /// counted in its own calendar's months), as every save keeps them: a few rows whatever the number of records.
    /// </summary>
    Task<MetricMonth> MetricMonthAsync(string tenantId, DateOnly month, CancellationToken ct = default);

    /// <summary>
    /// One organisation's deliveries whose deployment window (confirmed, else planned) ends on or after
    /// <paramref name="first"/> and starts on or before <paramref name="last"/>, soonest first, at most
    /// <paramref name="limit"/>: the open ones the release calendar shows, found through an index.
    /// </summary>
    Task<IReadOnlyList<Delivery>> WindowsAsync(
        string tenantId, DateOnly first, DateOnly last, int limit, CancellationToken ct = default);

    /// <summary>A page of one organisation's deliveries, newest first.</summary>
    Task<Page<DeliverySummary>> ListAsync(
        string tenantId, DeliveryFilter filter, int page, int pageSize, CancellationToken ct = default);
}
