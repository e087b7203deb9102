using System.Text.Json;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Calendar;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Metrics;
using DeliveryBot.Teams.Cards;
using DeliveryBot.Teams.Cards.Views;
using DeliveryBot.Teams.Turns;

namespace DeliveryBot.Teams.Reports;

/// <summary>
/// Reads and draws the metrics card (<see cref="MetricsCard"/>) for whoever asks, from the chat (`metrics`,
/// `metrics D1`) or from its Refresh button: the month they are in, in their time zone (else the delivery calendar's),
/// against the month before. The organisation's metrics are for the people with a role on one of its deliveries; one
/// delivery's for the people with a role on it. Only the asker's organisation is ever read. A folder of its own: the
/// chat command and the Refresh both draw through it, and it reads the store, which no card view does.
/// </summary>
internal sealed class MetricsCardSource(IDeliveryStore store, CardTemplates templates, TimeProvider clock)
{
    /// <summary>Deliveries read at most (the newest); the card says when there were more.</summary>
    public const int Read = 1000;

    /// <summary>The card, or what to say instead (who may not see it, an unknown delivery, nothing to count).</summary>
    public sealed record Drawn(JsonElement? Card, string Answer);

    /// <param name="turn">Who asks, in which organisation.</param>
    /// <param name="deliveryId">The one delivery's id (already parsed), or null for the organisation's metrics.</param>
    /// <param name="zoneOf">The asker's time zone, else the given delivery's calendar's.</param>
    /// <param name="ct">Cancels the reads.</param>
    public async Task<Drawn> DrawAsync(
        TurnContext turn, string? deliveryId, Func<Delivery, string> zoneOf, CancellationToken ct)
    {
        if (turn.Sender is not { } sender)
            return new(null, "I can't tell who you are in this conversation, so I can't show the metrics.");
        var now = clock.GetUtcNow();
        if (deliveryId is not null)
        {
            // another organisation's delivery is looked up under the asker's organisation: it is simply not there
            if (await store.FindAsync(turn.KeyOf(deliveryId), ct) is not { } one)
                return new(null, $"There is no delivery {deliveryId}. `list` shows the open ones.");
            if (!one.HasRoleOn(sender, now))
                return new(null, $"Only the people with a role on {one.Id} can see its metrics; `status {one.Id}` "
                    + "shows who they are.");
            var zone = zoneOf(one);
            return Card(
                $"{one.Id} · {one.State.Client} — {one.State.DigitalTalent}", [one], one, zone, now,
                "Counted from this delivery's record.");
        }
        // The previous month's start in any zone is at most 14 hours before its start in UTC: a day earlier reads
        // every record either month can count, whatever the asker's zone turns out to be.
        var since = ReportingPeriod.Containing(now, "UTC").Previous.Interval.Start.AddDays(-1);
        var deliveries = await store.RecentRecordsAsync(turn.TenantId, since, Read, ct);
        if (deliveries.Count == 0)
            return new(null,
                "Your organisation has no deliveries yet, so there is nothing to measure: `new` opens one.");
        if (!deliveries.Any(d => d.HasRoleOn(sender, now)))
            return new(null, "Only the people with a role on one of your organisation's deliveries can see its "
                + "metrics.");
        var counted = deliveries.Count == Read
            ? $"Counted from the {Read} newest deliveries open or changed since the start of last month; older ones "
                + "are left out."
            : $"Counted from {(deliveries.Count == 1 ? "1 delivery" : $"{deliveries.Count} deliveries")} open or "
                + "changed since the start of last month.";
        return Card(
            $"All of your organisation's deliveries ({deliveries.Count(d => !d.IsClosed)} open)", deliveries, one: null,
            zoneOf(deliveries[0]), now, counted);
    }

    /// <summary>The month's and the previous month's figures of <paramref name="counted"/>, drawn.</summary>
    private Drawn Card(
        string scope, IReadOnlyList<Delivery> counted, Delivery? one, string zone, DateTimeOffset now, string note)
    {
        var period = ReportingPeriod.Containing(now, zone);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, BusinessCalendar.FindZone(zone)).DateTime);
        var data = MetricsCard.Data(new MetricsCard.Input(
            scope,
            Current: PortfolioMetrics.Of(
                counted, period, availability: PortfolioMetrics.ServiceAvailability(period, now)),
            Previous: PortfolioMetrics.Of(
                counted, period.Previous, availability: PortfolioMetrics.ServiceAvailability(period.Previous, now)),
            Open: counted,
            today,
            one,
            now,
            Counted: note));
        return new(templates.Render(MetricsCard.Template, data), $"Delivery performance, {period}");
    }
}
