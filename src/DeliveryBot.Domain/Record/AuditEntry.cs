using DeliveryBot.Domain.People;

namespace DeliveryBot.Domain.Record;

/// <summary>
/// One line of the append-only audit trail. Every change writes at least one, stamped with the version it
/// produced and the command (activity or card action) it came from. The first entry of a command holds the
/// answer it gave, so a repeat of that command gets the same answer.
/// </summary>
public sealed record AuditEntry(
    long Version, DateTimeOffset At, Person Actor, string CommandId, string Source, string Action, string Summary)
{
    private readonly DateTimeOffset _at = ToMillisecond(At);

    /// <summary>
    /// When the command was applied, in UTC to the millisecond, as the audit table stores it: an entry made with a
    /// finer instant was not the entry read back, so storage kept a copy of the record with it cut, a new state that
    /// lost what had been worked out once for the state the command produced (what each role owes).
    /// </summary>
    public DateTimeOffset At { get => _at; init => _at = ToMillisecond(value); }

    private static DateTimeOffset ToMillisecond(DateTimeOffset at)
        => new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
}

/// <summary>A scheduled message that was sent, recorded so it is never sent twice.</summary>
public sealed record ReminderSent(string Key, DateTimeOffset SentAt, Person Recipient);

/// <summary>
/// The DM paused the delivery's nudges, check-ins and status-update reminders (escalations to the CTO go on).
/// </summary>
public sealed record ReminderPause(DateTimeOffset At, Person By);
