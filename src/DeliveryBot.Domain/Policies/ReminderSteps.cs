using System.Globalization;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;

namespace DeliveryBot.Domain.Policies;

/// <summary>
/// What acting on a due reminder does to the record, the one place the scheduler and the tests learn it: an
/// escalation is raised (its trigger is the reminder's key, so it is raised once), the review starts, or the
/// reminder is recorded as sent (and a lapsed delegation ended). Once these apply, the policy no longer offers
/// that occurrence.
/// </summary>
public static class ReminderSteps
{
    public static IReadOnlyList<DeliveryCommand> For(DueReminder due) => due.Kind switch
    {
        ReminderKind.EscalationDue => [new Escalate(due.Subject, due.Key)],
        ReminderKind.ReviewStart => [new StartReview()],
        ReminderKind.DelegationEnded when due.Reference is { } number =>
        [
            new RecordReminderSent(due.Key, due.Recipient),
            new EndDelegation(int.Parse(number, CultureInfo.InvariantCulture)),
        ],
        _ => [new RecordReminderSent(due.Key, due.Recipient)],
    };

    /// <summary>
    /// Whether the reminder is a message to its recipient (the others change the record, whose change tells people).
    /// </summary>
    public static bool IsMessage(DueReminder due)
        => due.Kind is not (ReminderKind.EscalationDue or ReminderKind.ReviewStart);
}
