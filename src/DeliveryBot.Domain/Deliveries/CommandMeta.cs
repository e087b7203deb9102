using DeliveryBot.Domain.People;

namespace DeliveryBot.Domain.Deliveries;

/// <summary>
/// Who sent a command, when (from the caller's <see cref="TimeProvider"/>), from which activity or card
/// action (<see cref="CommandId"/>, the idempotency key) and, for card clicks, the record version the card
/// was drawn from.
/// </summary>
public sealed record CommandMeta(
    string CommandId, Person Actor, DateTimeOffset At, string Source, long? ExpectedVersion = null)
{
    public static CommandMeta Now(
        TimeProvider clock, string commandId, Person actor, string source, long? expectedVersion = null)
        => new(commandId, actor, At: clock.GetUtcNow(), source, expectedVersion);
}
