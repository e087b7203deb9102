using DeliveryBot.Application.Messages;
using DeliveryBot.Application.Metrics;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Calendar;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Digest;
using DeliveryBot.Domain.Metrics;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Rendering;
using Microsoft.Extensions.Logging;

namespace DeliveryBot.Application.Digest;

/// <summary>
/// One pass of the weekly digest over a page of organisations: for each, its readers (the CTO of each open delivery,
/// and each Delivery Manager who opted in and still runs one), and for every reader whose Monday 09:00 has come this
/// week (<see cref="DigestSchedule"/>), their digest written to the outbox under
/// <c>digest:{tenant}:{person}:{isoYear}-W{week}</c>. The outbox ignores a key written twice, so a reader gets one
/// digest a week however many passes, restarts or instances ask again; the channel sends it from there.
/// </summary>
public sealed partial class DigestSweep(
    IDeliveryStore store,
    OrganisationMetrics metrics,
    ITenantSettingsStore settings,
    IOutbox outbox,
    TimeProvider clock,
    ILogger<DigestSweep> logger)
{
    /// <summary>Deliveries of one organisation read at most: the digest of a larger one lists the newest.</summary>
    public const int RecordsPerOrganisation = 1000;

    /// <summary>
    /// How far back closed deliveries are read: a week and a day, for the error-budget alerts sent this week (a sent
    /// alert saves its record). The month's figures come from the sums the store keeps.
    /// </summary>
    private static readonly TimeSpan ClosedWithin = TimeSpan.FromDays(8);

    /// <summary>
    /// Writes the due digests of up to <paramref name="limit"/> organisations after <paramref name="after"/> (null:
    /// from the first); how many it wrote, and the organisation to go on after (null: that was the last page).
    /// </summary>
    public async Task<(int Written, string? Next)> RunAsync(string? after, int limit, CancellationToken ct)
    {
        var page = await store.TenantsAsync(after, limit, ct);
        var written = 0;
        foreach (var tenant in page)
        {
            try
            {
                written += await RunAsync(tenant, ct);
            }
            catch (Exception e) when (e is not (OperationCanceledException or StorageUnavailableException))
            {
                // one organisation whose digest cannot be drawn up (a record the domain refuses) holds up no other's
                OrganisationFailed(e, tenant);
            }
        }
        return (written, page.Count < limit ? null : page[^1]);
    }

    /// <summary>Writes the due digests of one organisation; how many were new.</summary>
    public async Task<int> RunAsync(string tenantId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var tenant = DeliveryKey.Tenant(tenantId);
        var records = await store.RecentRecordsAsync(tenant, now - ClosedWithin, RecordsPerOrganisation, ct);
        var open = records.Where(d => !d.IsClosed).ToList();
        var optedIn = (await settings.GetAsync(tenant, ct)).DigestReaders;
        var written = 0;
        // the organisation's figures, once per month the readers' zones put them in
        var months = new Dictionary<DateOnly, (PortfolioMetrics Current, PortfolioMetrics Previous)>();
        foreach (var reader in Readers(open, optedIn))
        {
            // the reader's calendar: the working week and holidays of the newest delivery they see, in their own zone
            var anchor = open.First(reader.Sees);
            var zone = reader.Person.TimeZoneId is { } own && BusinessCalendar.IsKnownZone(own) ? own : null;
            var calendar = new BusinessCalendar(anchor.State.Settings.Calendar.InZone(zone));
            if (!DigestSchedule.IsDue(calendar, now)) continue;
            var period = ReportingPeriod.Containing(now, calendar.Pattern.TimeZoneId);
            if (!months.TryGetValue(period.FirstDay, out var figures))
                months[period.FirstDay] = figures =
                    await metrics.MonthAndBeforeAsync(tenant, period, now, ct);
            var digest = WeeklyDigest.Of(reader, records, calendar, now, figures.Current, figures.Previous);
            // a notice travels with a delivery (the channel reaches the reader in its organisation): their newest
            var notice = new Notice(anchor.Key, DigestMarkdown.Of(digest), reader.Person) { TenantId = tenant };
            var key = $"digest:{tenant}:{reader.Person.Key}:{digest.Week}";
            if (await outbox.EnqueueAsync(
                    OutboxKinds.Row(notice, key, OutboxKinds.PersonLane(reader.Person), now), ct)) written++;
        }
        return written;
    }

    /// <summary>
    /// The CTOs of the open deliveries, then the Delivery Managers who opted in and run one; a person once, as CTO
    /// when they are both.
    /// </summary>
    private static IEnumerable<DigestReader> Readers(IReadOnlyList<Delivery> open, IEnumerable<Person> optedIn)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var ctos = open.SelectMany(d => d.HoldersOf(Role.Cto)).Where(p => p.ObjectId is not null);
        foreach (var cto in ctos)
            if (seen.Add(cto.Key)) yield return new DigestReader(cto, DigestRole.Cto);
        foreach (var manager in optedIn)
        {
            var reader = new DigestReader(manager, DigestRole.DeliveryManager);
            if (!seen.Contains(manager.Key) && open.Any(reader.Sees) && seen.Add(manager.Key)) yield return reader;
        }
    }

    [LoggerMessage(EventId = 3310, Level = LogLevel.Error,
        Message = "The weekly digests of organisation {TenantId} could not be written this pass; the others went on")]
    private partial void OrganisationFailed(Exception e, string tenantId);
}
