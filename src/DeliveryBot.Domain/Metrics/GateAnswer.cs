using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Policies;

namespace DeliveryBot.Domain.Metrics;

/// <summary>
/// How long the role holding a gate check took to answer it (from the ask, <see cref="GateRequests.AskedAt"/>, to
/// the standing decision) and how many nudges it took.
/// </summary>
public sealed record GateAnswer(
    string CheckKey, Role Role, DateTimeOffset AskedAt, DateTimeOffset AnsweredAt, int Nudges)
{
    public TimeSpan Took => Spans.AtLeastZero(AnsweredAt - AskedAt);

    internal static GateAnswer? Of(Delivery delivery, GateCheck check)
    {
        if (delivery.DecisionFor(check) is not { } decision || GateRequests.AskedAt(delivery, check) is not { } asked)
            return null;
        var nudges = 0;
        foreach (var reminder in delivery.State.Reminders) // the immutable list's own enumerator, no closure
            if (ReminderPolicy.IsNudgeFor(reminder.Key, check)) nudges++;
        return new(check.Key, check.Role, asked, decision.At, nudges);
    }
}
