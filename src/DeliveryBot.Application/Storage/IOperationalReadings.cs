namespace DeliveryBot.Application.Storage;

/// <summary>
/// What an operator watches, read cheaply from the store (each an indexed aggregate): the outbox backlog and the
/// deliveries under way per stage. Read by the metrics' gauges and by the readiness check.
/// </summary>
public interface IOperationalReadings
{
    /// <summary>
    /// Unsent messages due by <paramref name="now"/> (given up ones excluded) and the oldest one's due time.
    /// </summary>
    Task<OutboxBacklog> OutboxBacklogAsync(DateTimeOffset now, CancellationToken ct = default);

    /// <summary>Deliveries not closed, by the stage they are at (1 to 7).</summary>
    Task<IReadOnlyDictionary<int, long>> OpenDeliveriesByStageAsync(CancellationToken ct = default);
}

/// <summary>How many messages wait to be sent and since when the oldest of them has been due.</summary>
public sealed record OutboxBacklog(long Due, DateTimeOffset? OldestDueAt)
{
    /// <summary>How long the oldest due message has waited at <paramref name="now"/>; zero when none waits.</summary>
    public TimeSpan OldestAge(DateTimeOffset now)
        => OldestDueAt is { } due && now > due ? now - due : TimeSpan.Zero;
}
