using System.Globalization;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Incidents;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Service;
using DeliveryBot.Teams.Cards.Templating;

namespace DeliveryBot.Teams.Cards.Views;

/// <summary>
/// The seed's SLA dashboard (cards/sla.json, posted by `sla &lt;id&gt;`) of the service the delivery put live, for
/// this month in the delivery's time zone: availability and the downtime allowed, used and remaining; performance
/// against the last reading; the response per severity; the error budget with its burn rate. Record performance (the
/// DM, the Deployment Specialist or an open incident's commander), Set targets (the DM), Schedule maintenance (the DM
/// or the Deployment Specialist). It outlives the delivery, as the service does.
/// </summary>
internal sealed class SlaCard : IDeliveryCard
{
    public sealed record Row(string Name, string Target, string Actual, string Status);

    public sealed record View(
        CardHeader Header,
        string Service,
        string Period,
        Row Availability,
        string Downtime,
        IReadOnlyList<Row> Performance,
        string LastReading,
        IReadOnlyList<Row> Support,
        string BudgetUsed,
        string BudgetRemaining,
        string BurnRate,
        string Maintenance,
        bool CanRecord,
        bool CanSetTargets,
        bool CanSchedule,
        string AvailabilityTarget,
        string LatencyTarget,
        string ErrorRateTarget,
        string Zone);

    public string Template => Templates.Sla;

    public bool Accepts(string focus) => focus.Length == 0;

    public IReadOnlyList<Subject> AsksAbout(string focus) => Asks;

    /// <summary>
    /// Its buttons record a reading, set the targets and schedule maintenance, each checked against the service level
    /// as it is now: nothing else in the record makes a click on it out of date.
    /// </summary>
    private static readonly IReadOnlyList<Subject> Asks = Delivery.AsksAbout(new RecordPerformance(0, 0));

    /// <summary>The service outlives the delivery: its dashboard stays live once the delivery is closed.</summary>
    public bool IsOver(Delivery delivery, string focus) => false;

    public DataObject Draw(Delivery delivery, string focus, CardContext context)
    {
        var now = context.Now;
        var month = delivery.Calendar.LocalDate(now);
        var r = delivery.ServiceLevelIn(month, now);
        var level = delivery.State.ServiceLevel;
        var b = r.Budget;
        var viewer = context.Viewer;
        bool Can(params Role[] roles) => viewer is null || roles.Any(role => delivery.Holds(viewer, role, now));
        var upcoming = level.Maintenance.Where(m => m.End > now).OrderBy(m => m.Start).Take(3)
            .Select(m => $"{delivery.Time(m.Start)} to {delivery.Time(m.End)}: {m.Reason}")
            .ToList();
        return CardText.Data(new View(
            Header: CardText.Header(delivery, delivery.CurrentStage,
                delivery.InService
                    ? "Keep the live service within its SLA: record readings, set targets, schedule maintenance."
                    : $"{delivery.Id} is not live yet: its service level starts at go-live."),
            Service: delivery.State.DigitalTalent,
            Period: month.ToString("MMMM yyyy", CultureInfo.InvariantCulture),
            Availability: new Row(
                "Availability",
                Format($"{level.AvailabilityPercent} %"),
                // before go-live there is no service to be available: not a 100 % met
                !delivery.InService ? "not live yet"
                    : r.AvailabilityAchievedPercent is { } actual ? Format($"{actual:0.00} %") : "—",
                Status(delivery.InService ? r.Availability : TargetStatus.NoData)),
            Downtime: Format($"Downtime allowed {Minutes(b.Budget)}, used {Minutes(b.Used)}, remaining ")
                + (b.Remaining > TimeSpan.Zero ? $"{Minutes(b.Remaining)} ✓" : "none ✗"),
            Performance:
            [
                new Row("Latency p99", Format($"< {r.Latency.Target} ms"),
                    r.Latency.Actual is { } ms ? Format($"{ms} ms") : "no reading", Status(r.Latency.Status)),
                new Row("Error rate", Format($"< {r.ErrorRate.Target} %"),
                    r.ErrorRate.Actual is { } rate ? Format($"{rate} %") : "no reading", Status(r.ErrorRate.Status)),
            ],
            LastReading: level.Readings.LastOrDefault(x => x.At <= now) is { } last
                ? $"Last reading {delivery.Time(last.At)} by {last.By}."
                : "No performance reading yet.",
            Support: [.. r.Support.Select(s => new Row(
                $"{SeverityTargets.Title(s.Severity)} response",
                s.Response.ToString(),
                s.AverageResponse is { } avg ? $"avg {Minutes(avg)} ({Counted.Of(s.Incidents, "incident")})"
                    : s.Incidents == 0 ? "no incidents" : $"not acknowledged ({Counted.Of(s.Incidents, "incident")})",
                Status(s.Status)))],
            BudgetUsed: Format($"{Minutes(b.Used)} of {Minutes(b.Budget)}"),
            BudgetRemaining: Format(
                $"{Minutes(b.Remaining)} ({Math.Max(0, (int)Math.Round((1 - b.UsedShare) * 100))} % remaining)"),
            BurnRate: b.BurnRate is { } burn
                ? Format($"{burn:0.0}× ({(burn <= 1 ? "on track" : "burning faster than the month")})")
                : "— (the month has just begun)",
            Maintenance: Format($"Scheduled maintenance this month: {Minutes(r.MaintenanceExcluded)}, not counted.")
                + (upcoming.Count == 0 ? "" : " Coming: " + string.Join("; ", upcoming) + "."),
            CanRecord: viewer is null || delivery.MayRecordPerformance(viewer, now),
            CanSetTargets: Can(Role.DeliveryManager),
            CanSchedule: Can(Role.DeliveryManager, Role.DeploymentSpecialist),
            AvailabilityTarget: Format($"{level.AvailabilityPercent}"),
            LatencyTarget: Format($"{level.LatencyP99Ms}"),
            ErrorRateTarget: Format($"{level.ErrorRatePercent}"),
            Zone: delivery.Calendar.Zone.Id));
    }

    /// <summary>
    /// The DM, the Deployment Specialist, and whoever commands an open incident (and their stand-ins).
    /// </summary>
    public IReadOnlyList<Person> Actors(Delivery delivery, string focus, DateTimeOffset now)
        =>
        [
            .. delivery.ActorsFor(Role.DeliveryManager, now)
                .Concat(delivery.ActorsFor(Role.DeploymentSpecialist, now))
                .Concat(delivery.State.Incidents.Where(i => i.IsOpen).SelectMany(i => delivery.IncidentActors(i, now)))
                .DistinctBy(p => p.Key),
        ];

    private static string Status(TargetStatus status) => status switch
    {
        TargetStatus.Met => "✓ Met",
        TargetStatus.Missed => "✗ Missed",
        _ => "—",
    };

    private static string Minutes(TimeSpan span) => Format($"{span.TotalMinutes:0.0} min");

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
