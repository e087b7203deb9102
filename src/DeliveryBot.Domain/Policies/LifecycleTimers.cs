using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;

namespace DeliveryBot.Domain.Policies;

public static class LifecycleTimers
{
    /// <summary>
    /// Stage 7 starts 5 business days after the handover was sent, unless the client acknowledged first.
    /// </summary>
    public static DateTimeOffset? ReviewStartsAt(Delivery delivery)
        => delivery.HandoverSent is { } sent
            ? delivery.Calendar.AddBusinessDays(sent.SentAt, StageCatalog.ReviewStartsAfterBusinessDays)
            : null;
}
