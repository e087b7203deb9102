using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Metrics;

namespace DeliveryBot.Application.Metrics;

/// <summary>
/// An organisation's metrics of a month, read from the sums the store keeps as records are saved (never a scan of
/// its records) and judged against the targets it set: what the `metrics` card and the weekly digest show. Only the
/// services with an outage under way are read whole, for their availability.
/// </summary>
public sealed class OrganisationMetrics(IDeliveryStore store, ITenantSettingsStore settings)
{
    /// <summary>The month of <paramref name="period"/> and the month before, as of <paramref name="now"/>.</summary>
    public async Task<(PortfolioMetrics Current, PortfolioMetrics Previous)> MonthAndBeforeAsync(
        string tenantId, ReportingPeriod period, DateTimeOffset now, CancellationToken ct)
    {
        var targets = (await settings.GetAsync(tenantId, ct)).Targets;
        return (await OfAsync(tenantId, period, targets, now, ct),
            await OfAsync(tenantId, period.Previous, targets, now, ct));
    }

    /// <summary>The targets the organisation judges its metrics against (the seed's until a CTO sets others).</summary>
    public async Task<DeliveryTargets> TargetsAsync(string tenantId, CancellationToken ct)
        => (await settings.GetAsync(tenantId, ct)).Targets;

    /// <summary>One month's figures (<paramref name="period"/>), as of <paramref name="now"/>.</summary>
    public async Task<PortfolioMetrics> MonthAsync(
        string tenantId, ReportingPeriod period, DateTimeOffset now, CancellationToken ct)
        => await OfAsync(tenantId, period, (await settings.GetAsync(tenantId, ct)).Targets, now, ct);

    private async Task<PortfolioMetrics> OfAsync(
        string tenantId, ReportingPeriod period, DeliveryTargets targets, DateTimeOffset now, CancellationToken ct)
    {
        var month = await store.MetricMonthAsync(tenantId, period.FirstDay, ct);
        var availability = PortfolioMetrics.ServiceAvailability(period, now);
        var withOutages = new List<double>();
        foreach (var delivery in month.OutageUnderWay)
            if (availability(delivery) is { } achieved) withOutages.Add(achieved);
        foreach (var o in month.Outages)
            if (PortfolioMetrics.OutageAvailability(o.UsedSeconds, o.MonthStartUnixSeconds, o.MonthSeconds, now) is
                { } achieved)
                withOutages.Add(achieved);
        return PortfolioMetrics.From(
            period, month.Totals, targets, PortfolioMetrics.MeanAvailability(month.LiveServices, withOutages));
    }
}
