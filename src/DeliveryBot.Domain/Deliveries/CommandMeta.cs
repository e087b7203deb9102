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
    private readonly DateTimeOffset _at = ToMillisecond(At);

    /// <summary>
    /// When the command was applied, in UTC to the millisecond, and so every instant the command writes into the
    /// record. The audit trail is stored to the millisecond: with finer instants a record read back was not the record
    /// saved, and what is worked out once for a state of the record (what each role owes) was worked out again for
    /// the copy storage keeps.
    /// </summary>
    public DateTimeOffset At { get => _at; init => _at = ToMillisecond(value); }

    private static DateTimeOffset ToMillisecond(DateTimeOffset at)
        => new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);

    public static CommandMeta Now(
        TimeProvider clock, string commandId, Person actor, string source, long? expectedVersion = null)
        => new(commandId, actor, At: clock.GetUtcNow(), source, expectedVersion);
}
