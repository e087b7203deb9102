using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Service;

namespace DeliveryBot.Domain.Digest;

/// <summary>An error-budget (SLA burn) alert the bot sent about a delivery.</summary>
public sealed record SlaBurnAlert(string DeliveryId, string Client, DateTimeOffset SentAt, string Subject)
{
    /// <summary>
    /// The error-budget alerts sent about <paramref name="delivery"/> within <paramref name="week"/>, from its sent
    /// reminders, once each however many people were told (the DM and the CTO each get one), in the order sent.
    /// </summary>
    public static IReadOnlyList<SlaBurnAlert> SentIn(Delivery delivery, Interval week)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return
        [
            .. delivery.State.Reminders
                .Where(r => r.SentAt >= week.Start && r.SentAt < week.End)
                .Select(r => (r.SentAt, Said: Policies.ReminderPolicy.ErrorBudgetAlertOf(r.Key)))
                .Where(r => r.Said is not null)
                .GroupBy(r => r.Said)
                .Select(g => new SlaBurnAlert(delivery.Id, delivery.State.Client, g.Min(r => r.SentAt), g.Key!))
                .OrderBy(a => a.SentAt),
        ];
    }
}
