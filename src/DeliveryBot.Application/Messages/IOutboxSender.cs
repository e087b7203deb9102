namespace DeliveryBot.Application.Messages;

/// <summary>
/// The channel's side of the outbox: sends what is due there and records each outcome. The scheduler calls it; the
/// channel (Teams) implements it, so scheduling never sees a Teams type.
/// </summary>
public interface IOutboxSender
{
    /// <summary>
    /// Sends up to <paramref name="limit"/> due messages, waiting for them at most <paramref name="patience"/>: one
    /// that still waits then (behind others to a chat Teams holds back) stays claimed here and goes in its turn. How
    /// many it claimed (a full batch means more may wait), and whether each was dealt with in that time.
    /// </summary>
    Task<DispatchPass> DispatchAsync(int limit, TimeSpan patience, CancellationToken ct);

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

/// <summary>What a pass over the outbox did: the rows it claimed, and whether each was dealt with before it
/// returned.</summary>
public readonly record struct DispatchPass(int Claimed, bool Settled);
