using DeliveryBot.Application.Storage;

namespace DeliveryBot.Application.Messages;

/// <summary>
/// Told when messages were written to the outbox in this process, so they go now rather than at the next periodic
/// drain.
/// </summary>
public interface IOutboxSignal
{
    /// <summary>
    /// The claim rows written in this process are written under, so this process sends them without claiming them.
    /// </summary>
    OutboxLease? LeaseFor(DateTimeOffset now) => null;

    /// <summary>
    /// Messages were written: <paramref name="taken"/> are rows written under <see cref="LeaseFor"/>'s lease (sent from
    /// here at once); without them, due rows are claimed. <paramref name="saved"/> is the delivery as the same
    /// transaction saved it: what they say is drawn from it, rather than from the store again, while it is the newest
    /// this process knows.
    /// </summary>
    void MessagesWritten(Domain.Deliveries.Delivery? saved = null, IReadOnlyList<OutboxItem>? taken = null);
}

/// <summary>
/// The signal as the writers get it: it finds the dispatcher on the first wake, not when the writers are built, because
/// the dispatcher is itself built from writers of the outbox (the channel posts cards, which may retire older ones).
/// </summary>
internal sealed class DeferredSignal(Func<IOutboxSignal> target) : IOutboxSignal
{
    private readonly Lazy<IOutboxSignal> _target = new(target);

    public OutboxLease? LeaseFor(DateTimeOffset now) => _target.Value.LeaseFor(now);

    public void MessagesWritten(Domain.Deliveries.Delivery? saved = null, IReadOnlyList<OutboxItem>? taken = null)
        => _target.Value.MessagesWritten(saved, taken);
}
