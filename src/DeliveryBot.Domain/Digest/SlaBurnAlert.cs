using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Service;

namespace DeliveryBot.Domain.Digest;

/// <summary>An error-budget (SLA burn) alert the bot sent about a delivery.</summary>
public sealed record SlaBurnAlert(string DeliveryId, string Client, DateTimeOffset SentAt, string Subject)
{
    /// <summary>
    /// The SLA burn alerts sent about <paramref name="delivery"/> within <paramref name="week"/>. HOOK, returns none
    /// for now: the error-budget alerts are not sent yet (the SLA work adds their <c>ReminderKind</c>); once it lands
    /// this reads the delivery's sent reminders (<c>DeliveryState.Reminders</c>) of that kind sent in the week.
    /// </summary>
    public static IReadOnlyList<SlaBurnAlert> SentIn(Delivery delivery, Interval week)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        _ = week;
        return [];
    }
}
