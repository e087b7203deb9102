using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Policies;

namespace DeliveryBot.TestKit;

/// <summary>
/// What a scheduler does with the policy, minus the I/O: every step, take what is due, act on it and
/// record it as sent. Lets tests check "exactly once", "never at night" and DST over weeks of simulated time.
/// </summary>
public static class SchedulerSimulation
{
    public sealed record Sent(DueReminder Reminder, DateTimeOffset At);

    public static List<Sent> Run(Scenario s, DateTimeOffset until, TimeSpan step)
    {
        var sent = new List<Sent>();
        for (; s.Clock.GetUtcNow() <= until; s.Clock.Advance(step))
        {
            // Drain: acting on one reminder can make the next due at once (the DM told after the last nudge).
            for (var due = NextDue(s); due is not null; due = NextDue(s))
            {
                var outcome = due.Kind switch
                {
                    ReminderKind.EscalationDue => s.Do(Person.System, new Escalate(due.Subject, due.Key)),
                    ReminderKind.ReviewStart => s.Do(Person.System, new StartReview()),
                    ReminderKind.DelegationEnded => Record(s, due),
                    _ => Record(s, due),
                };
                Assert.True(outcome.Changed, $"{due.Key}: {outcome.Message}");
                sent.Add(new Sent(due, s.Clock.GetUtcNow()));
            }
        }
        return sent;
    }

    private static DueReminder? NextDue(Scenario s) => ReminderPolicy.Due(s.Delivery, s.Clock.GetUtcNow()) is [var first, ..] ? first : null;

    private static Outcome Record(Scenario s, DueReminder due)
    {
        var outcome = s.Do(Person.System, new RecordReminderSent(due.Key, due.Recipient));
        if (due.Kind == ReminderKind.DelegationEnded && due.Reference is { } number)
            s.Do(Person.System, new EndDelegation(int.Parse(number, System.Globalization.CultureInfo.InvariantCulture)));
        return outcome;
    }
}
