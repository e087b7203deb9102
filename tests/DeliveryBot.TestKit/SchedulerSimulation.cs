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
                // every step, in order
                var outcome = ReminderSteps.For(due).Select(command => s.Do(Person.System, command)).ToList()[0];
                Assert.True(outcome.Changed, $"{due.Key}: {outcome.Message}");
                sent.Add(new Sent(due, s.Clock.GetUtcNow()));
            }
        }
        return sent;
    }

    private static DueReminder? NextDue(Scenario s)
        => ReminderPolicy.Due(s.Delivery, s.Clock.GetUtcNow()) is [var first, ..] ? first : null;
}
