using DeliveryBot.Application.Metrics;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Calendar;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Metrics;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Portfolio;

namespace DeliveryBot.Application.Portfolio;

/// <summary>
/// What the tab shows a signed-in person, read for them alone and only in their organisation: their portfolio (the open
/// deliveries they hold a role on; all of the organisation's for its CTO, <see cref="PortfolioScope"/>), one
/// delivery's timeline, and the organisation's metrics month by month. Whatever they may not see reads as not there.
/// </summary>
public sealed class PortfolioReader(IDeliveryStore store, OrganisationMetrics metrics, TimeProvider clock)
{
    /// <summary>At most this many deliveries in one portfolio: far more than a CTO looks across on one page.</summary>
    public const int MostDeliveries = 200;

    /// <summary>The months a trend goes back, this one included.</summary>
    public const int TrendMonths = 6;

    public async Task<PortfolioView> PortfolioAsync(string tenantId, Person reader, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var roles = await store.ForPersonAsync(tenantId, reader.IndexKeys(), ct);
        var everything = PortfolioScope.SeesEveryDelivery(roles.Select(r => r.Role));
        IReadOnlyList<Delivery> deliveries;
        if (everything)
        {
            deliveries = await store.OpenRecordsAsync(tenantId, MostDeliveries, ct);
        }
        else
        {
            var found = new List<Delivery>();
            foreach (var id in roles.Select(r => r.DeliveryId).Distinct().Take(MostDeliveries))
                if (await store.FindAsync(DeliveryKey.Of(tenantId, id), ct) is { IsClosed: false } delivery)
                    found.Add(delivery);
            deliveries = found;
        }
        // what needs someone first: past the acceptable delay, then late, then in id order
        var entries = deliveries.Select(d => PortfolioEntry.Of(d, reader, now))
            .OrderByDescending(e => e.BeyondAcceptableDelay)
            .ThenByDescending(e => e.Late.Count > 0)
            .ThenBy(e => e.DeliveryId.Length).ThenBy(e => e.DeliveryId, StringComparer.Ordinal)
            .ToList();
        return new PortfolioView(everything, roles.Count > 0, entries);
    }

    /// <summary>The delivery's timeline, or null when there is none by that id or the reader may not see it.</summary>
    public async Task<DeliveryTimeline?> TimelineAsync(
        string tenantId, Person reader, string deliveryId, CancellationToken ct)
    {
        if (!DeliveryKey.IsId(deliveryId)) return null;
        var now = clock.GetUtcNow();
        if (await store.FindAsync(DeliveryKey.Of(tenantId, deliveryId), ct) is not { } delivery) return null;
        if (delivery.HasRoleOn(reader, now)) return DeliveryTimeline.Of(delivery, now);
        var roles = await store.ForPersonAsync(tenantId, reader.IndexKeys(), ct);
        return PortfolioScope.SeesEveryDelivery(roles.Select(r => r.Role)) ? DeliveryTimeline.Of(delivery, now) : null;
    }

    /// <summary>
    /// The organisation's metrics for this month and the <see cref="TrendMonths"/> - 1 before it, oldest first, in
    /// <paramref name="timeZoneId"/>'s months; null for someone without a role on one of its open deliveries.
    /// </summary>
    public async Task<IReadOnlyList<PortfolioMetrics>?> TrendAsync(
        string tenantId, Person reader, string timeZoneId, CancellationToken ct)
    {
        var roles = await store.ForPersonAsync(tenantId, reader.IndexKeys(), ct);
        if (!PortfolioScope.SeesOrganisationMetrics(roles.Select(r => r.Role))) return null;
        var now = clock.GetUtcNow();
        var period = ReportingPeriod.Containing(now, BusinessCalendar.IsKnownZone(timeZoneId) ? timeZoneId : "UTC");
        var months = new List<PortfolioMetrics>();
        for (var i = 0; i < TrendMonths; i++, period = period.Previous)
            months.Add(await metrics.MonthAsync(tenantId, period, now, ct));
        months.Reverse();
        return months;
    }
}

/// <param name="EveryDelivery">Whether the reader oversees all of the organisation's open deliveries (its CTO).</param>
/// <param name="HoldsARole">Whether the reader holds any role on an open delivery (else the tab says so).</param>
public sealed record PortfolioView(bool EveryDelivery, bool HoldsARole, IReadOnlyList<PortfolioEntry> Deliveries);
