using DeliveryBot.Application.Metrics;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Calendar;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Metrics;
using DeliveryBot.Domain.Portfolio;
using DeliveryBot.Teams.Cards.Views;
using DeliveryBot.Teams.Cards;
using DeliveryBot.Teams.Protocol;
using DeliveryBot.Teams.Turns;

namespace DeliveryBot.Teams.Reports;

/// <summary>
/// Reads and draws the metrics card (<see cref="MetricsCard"/>) for whoever asks, from the chat (`metrics`,
/// `metrics D1`) or from its Refresh button: the month they are in, in their time zone (else the delivery calendar's),
/// against the month before. The organisation's metrics are for the people with a role on one of its open deliveries,
/// read from the sums the store keeps (<see cref="OrganisationMetrics"/>); one delivery's, counted from its record, for
/// the people with a role on it. Only the asker's organisation is ever read. A folder of its own: the
/// chat command and the Refresh both draw through it, and it reads the store, which no card view does.
/// </summary>
internal sealed class MetricsCardSource(
    IDeliveryStore store, OrganisationMetrics organisation, CardTemplates templates, TimeProvider clock)
{
    /// <summary>The card, or what to say instead (who may not see it, an unknown delivery, nothing to count).</summary>
    public sealed record Drawn(RawJson? Card, string Answer);

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
            var period = ReportingPeriod.Containing(now, zone);
            var targets = await organisation.TargetsAsync(turn.TenantId, ct);
            return Card(
                $"{one.Id} · {one.State.Client} — {one.State.DigitalTalent}",
                PortfolioMetrics.Of([one], period, targets, PortfolioMetrics.ServiceAvailability(period, now)),
                PortfolioMetrics.Of(
                    [one], period.Previous, targets, PortfolioMetrics.ServiceAvailability(period.Previous, now)),
                [one], one, zone, now, "Counted from this delivery's record.");
        }
        // the organisation's figures are for the people with a role on one of its open deliveries
        var roles = await store.ForPersonAsync(turn.TenantId, [sender.Key], ct);
        if (!PortfolioScope.SeesOrganisationMetrics(roles.Select(r => r.Role)))
        {
            var any = await store.ListAsync(turn.TenantId, DeliveryFilter.All, page: 1, pageSize: 1, ct);
            return new(null, any.Total == 0
                ? "Your organisation has no deliveries yet, so there is nothing to measure: `new` opens one."
                : "Only the people with a role on one of your organisation's open deliveries can see its metrics.");
        }
        // the asker's zone, else the calendar of the newest delivery they have a role on
        var theirs = await store.FindAsync(turn.KeyOf(roles[0].DeliveryId), ct);
        var zoneId = theirs is null ? "UTC" : zoneOf(theirs);
        var month = ReportingPeriod.Containing(now, zoneId);
        var (current, previous) = await organisation.MonthAndBeforeAsync(turn.TenantId, month, now, ct);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, BusinessCalendar.FindZone(zoneId)).DateTime);
        var windows = await store.WindowsAsync(
            turn.TenantId, today, today.AddDays((7 * MetricsCard.ReleaseWeeks) - 1), MetricsCard.MostLines * 2, ct);
        var open = await store.ListAsync(turn.TenantId, DeliveryFilter.Open, page: 1, pageSize: 1, ct);
        return Card(
            $"All of your organisation's deliveries ({open.Total} open)", current, previous, windows, one: null,
            zoneId, now,
            "Counted from every delivery of your organisation, each event in the month it fell in on its delivery's "
                + "calendar, as the records were saved.");
    }

    /// <summary>The month's and the previous month's figures, drawn with the deployment windows to come.</summary>
    private Drawn Card(
        string scope, PortfolioMetrics current, PortfolioMetrics previous, IReadOnlyList<Delivery> windows,
        Delivery? one, string zone, DateTimeOffset now, string note)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, BusinessCalendar.FindZone(zone)).DateTime);
        var data = MetricsCard.Data(new MetricsCard.Input(
            scope, current, previous, Windows: windows, today, one, now, Counted: note));
        return new(templates.Render(MetricsCard.Template, data), $"Delivery performance, {current.Period}");
    }
}
