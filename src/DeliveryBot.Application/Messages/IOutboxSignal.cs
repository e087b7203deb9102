namespace DeliveryBot.Application.Messages;

/// <summary>Told when messages were written to the outbox in this process, so they go now rather than at the next periodic drain.</summary>
public interface IOutboxSignal
{
    void MessagesWritten();
}

/// <summary>
/// The signal as the writers get it: it finds the dispatcher on the first wake, not when the writers are built, because
/// the dispatcher is itself built from writers of the outbox (the channel posts cards, which may retire older ones).
/// </summary>
internal sealed class DeferredSignal(Func<IOutboxSignal> target) : IOutboxSignal
{
    private readonly Lazy<IOutboxSignal> _target = new(target);

    public void MessagesWritten() => _target.Value.MessagesWritten();
}
