using System.Text.RegularExpressions;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Incidents;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using DeliveryBot.Teams.Cards.Templating;

namespace DeliveryBot.Teams.Cards.Views;

/// <summary>
/// One incident (cards/incident.json), sent to its commander and the team when declared: severity, services, when it
/// was detected, who commands it, the response and resolution targets (met, missed or when due), the cadence of status
/// updates and the timeline. Its commander or the DM acknowledges it (the response), posts updates, changes the
/// severity with a reason and resolves it with the fix and root cause. Focus: the incident id (I1).
/// </summary>
internal sealed partial class IncidentCard : IDeliveryCard
{
    /// <summary>The latest timeline lines shown; the report has them all.</summary>
    public const int TimelineShown = 10;

    public sealed record View(
        CardHeader Header,
        string Number,
        string Severity,
        string Title,
        IReadOnlyList<Fact> Facts,
        IReadOnlyList<string> Timeline,
        string State,
        bool Acknowledged,
        string Outcome,
        IReadOnlyList<IncidentFormCard.Choice> Severities,
        string Zone,
        string Hint);

    public string Template => Templates.Incident;

    public bool Accepts(string focus) => IncidentId().IsMatch(focus);

    public IReadOnlyList<Subject> AsksAbout(string focus) => Asks;

    /// <summary>
    /// Its buttons acknowledge, update, change the severity of and resolve the incident, each checked against the
    /// incident as it is then: nothing in the record makes a click on it out of date.
    /// </summary>
    private static readonly IReadOnlyList<Subject> Asks =
        Delivery.AsksAbout(
            new AcknowledgeIncident("I1"),
            new PostIncidentUpdate("I1", ""),
            new ChangeIncidentSeverity("I1", Severity.Sev1, ""),
            new ResolveIncident("I1", "", "", null));

    public DataObject Draw(Delivery delivery, string focus, CardContext context)
    {
        var header = CardText.Header(delivery, delivery.CurrentStage);
        if (delivery.FindIncident(focus) is not { } i)
            return CardText.Data(new View(
                header, $"{delivery.Id}-{focus}", "", $"There is no incident {focus} on {delivery.Id}.", [], [], "",
                Acknowledged: true, "", [], delivery.Calendar.Zone.Id, ""));
        var targets = delivery.TargetsOf(i);
        var now = context.Now;
        var events = i.Timeline.OrderBy(e => e.At).ToList();
        var earlier = events.Count - TimelineShown;
        return CardText.Data(new View(
            Header: header with { Yours = i.IsOpen ? Yours(i) : "" },
            Number: $"{delivery.Id}-{i.Id}",
            Severity: SeverityTargets.Title(i.Severity),
            Title: i.Title,
            Facts: Facts(delivery, i, targets, now),
            Timeline:
            [
                .. earlier > 0 ? [$"({earlier} earlier: the report has them all)"] : Array.Empty<string>(),
                .. events.Skip(Math.Max(0, earlier)).Select(e => $"{delivery.Time(e.At)} · {e.What}"),
            ],
            State: i.IsOpen ? "Open" : "Resolved",
            Acknowledged: i.AcknowledgedAt is not null,
            Outcome: i.Resolution is { } r
                ? $"Resolved by {r.By} at {delivery.Time(r.At)}: {r.Fix} Root cause: {r.RootCause}"
                : "",
            Severities: [.. SeverityTargets.Seed.Where(t => t.Severity != i.Severity).Select(t =>
                new IncidentFormCard.Choice($"{SeverityTargets.Title(t.Severity)}: {t.Definition}",
                    t.Severity.ToString()))],
            Zone: delivery.Calendar.Zone.Id,
            Hint: $"`incident {delivery.Id}-{i.Id}` gives the incident report as Markdown."
                + (i.IsOpen ? "" : i.Review is null
                    ? $" Next, the post-incident review: `postmortem {delivery.Id}-{i.Id}`."
                    : $" Its review and action items: `postmortem {delivery.Id}-{i.Id}`.")));
    }

    private static string Yours(Incident i) => i.AcknowledgedAt is null
        ? "Acknowledge this incident: that is the response. Then post updates, and resolve it with the fix."
        : "Post updates at the severity's cadence; resolve it with the fix and the root cause.";

    private static List<Fact> Facts(Delivery delivery, Incident i, SeverityTargets targets, DateTimeOffset now)
    {
        var clock = targets.Clock == IncidentClock.Wall ? "wall clock" : "business hours";
        var responseDue = delivery.ResponseDue(i);
        var resolutionDue = delivery.ResolutionDue(i);
        List<Fact> facts =
        [
            new("Severity", $"{SeverityTargets.Title(i.Severity)} · {targets.Definition}"),
            new("Affected services", i.AffectedServices),
            new("Outage", i.IsOutage ? "Yes: its minutes count against the error budget" : "No"),
            new("Detected", delivery.Time(i.DetectedAt)
                + (i.StartedAt is { } began ? $" (impact began {delivery.Time(began)})" : "")),
            new("Declared", $"{delivery.Time(i.DeclaredAt)} by {i.DeclaredBy}"),
            new("Commander", i.Commander.DisplayName),
            new("Response", i.AcknowledgedAt is { } ack
                ? $"Acknowledged by {i.AcknowledgedBy} at {delivery.Time(ack)} "
                    + $"({(ack <= responseDue ? "within" : "past")} the {targets.Response} target)"
                : $"{Due(delivery, responseDue, now)} ({targets.Response}, {clock})"),
            new("Resolution", i.Resolution is { } r
                ? $"Service restored at {delivery.Time(r.RestoredAt)} "
                    + $"({(r.RestoredAt <= resolutionDue ? "within" : "past")} the {targets.Resolution} target)"
                : $"{Due(delivery, resolutionDue, now)} ({targets.Resolution}, {clock})"),
        ];
        if (delivery.IncidentUpdateDue(i) is { } update)
            facts.Add(new("Updates", $"Every {targets.StatusEvery} to the team; the next by {delivery.Time(update)}"));
        return facts;
    }

    private static string Due(Delivery delivery, DateTimeOffset due, DateTimeOffset now)
        => now > due ? $"⚠️ Missed: was due by {delivery.Time(due)}" : $"Due by {delivery.Time(due)}";

    public IReadOnlyList<Person> Actors(Delivery delivery, string focus, DateTimeOffset now)
        => delivery.FindIncident(focus) is { IsOpen: true } i ? delivery.IncidentActors(i, now) : [];

    // an incident outlives the delivery's closing: the card is over when the incident is resolved
    public bool IsOver(Delivery delivery, string focus) => delivery.FindIncident(focus) is not { IsOpen: true };

    [GeneratedRegex(@"^I\d{1,4}\z", RegexOptions.None, 100)]
    private static partial Regex IncidentId();
}
