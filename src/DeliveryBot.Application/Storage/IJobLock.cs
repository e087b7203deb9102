namespace DeliveryBot.Application.Storage;

/// <summary>
/// One pass of a named job at a time, across every instance that shares the database. The job engine decides when a
/// pass starts; this decides that a second one, started by another instance's slot while the first is still going,
/// steps aside. A holder that dies (killed, or its database session lost) lets go at once, so the next slot anywhere
/// takes over: the lock lives as long as the holder's session, not for a timeout.
/// </summary>
public interface IJobLock
{
    /// <summary>The held lock, to dispose when the pass ends; null when another pass holds it now.</summary>
    Task<IAsyncDisposable?> TryTakeAsync(string job, CancellationToken ct = default);
}
