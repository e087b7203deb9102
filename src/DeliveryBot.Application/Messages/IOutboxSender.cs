namespace DeliveryBot.Application.Messages;

/// <summary>
/// The channel's side of the outbox: sends what is due there and records each outcome. The scheduler calls it; the
/// channel (Teams) implements it, so scheduling never sees a Teams type.
/// </summary>
public interface IOutboxSender
{
    /// <summary>
    /// Sends up to <paramref name="limit"/> due messages; how many it claimed (a full batch means more may wait).
    /// </summary>
    Task<int> DispatchAsync(int limit, CancellationToken ct);

    /// <summary>
    /// Frees the messages this sender had claimed before it last stopped (a crash mid-send), so they go now rather than
    /// when their lease lapses.
    /// </summary>
    Task<int> RecoverAsync(CancellationToken ct);

    /// <summary>
    /// A graceful stop: claims nothing more, lets the sends under way finish for at most <paramref name="grace"/>,
    /// and releases every row still claimed in this instance's name so the next instance sends them at once rather
    /// than after the lease; how many were released.
    /// </summary>
    Task<int> HandBackAsync(TimeSpan grace, CancellationToken ct);
}
