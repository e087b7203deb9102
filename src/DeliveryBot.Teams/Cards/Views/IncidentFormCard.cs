using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Incidents;
using DeliveryBot.Domain.People;
using DeliveryBot.Teams.Cards.Templating;

namespace DeliveryBot.Teams.Cards.Views;

/// <summary>
/// Declaring an incident (cards/incident-form.json, posted by `incident &lt;id&gt;`): the seed's severity levels with
/// this delivery's targets beside the form (title, severity, affected services, outage, detected at, impact began at),
/// the open incidents above it; the DM sets which clock the targets run on.
/// </summary>
internal sealed class IncidentFormCard : IDeliveryCard
{
    public sealed record Choice(string Title, string Value);

    public sealed record View(
        CardHeader Header,
        string Status,
        bool Live,
        IReadOnlyList<string> Levels,
        IReadOnlyList<Choice> Severities,
        string Zone,
        string Clock,
        bool IsManager,
        string ClockChoice,
        IReadOnlyList<Choice> Clocks);

    public string Template => Templates.IncidentForm;

    public bool Accepts(string focus) => focus.Length == 0;

    public IReadOnlyList<Subject> AsksAbout(string focus) => Asks;

    /// <summary>
    /// Declaring asks about nothing in the record (its checks run on what was typed and the delivery as it is); the
    /// clock the DM puts every severity on is a setting.
    /// </summary>
    private static readonly IReadOnlyList<Subject> Asks =
        Delivery.AsksAbout(new SetIncidentClock(null), new DeclareIncident("", Severity.Sev4, "", IsOutage: false));

    public DataObject Draw(Delivery delivery, string focus, CardContext context)
    {
        var open = delivery.State.Incidents.Where(i => i.IsOpen).ToList();
        var status = !delivery.InService
            ? $"{delivery.Id} is not live yet: incidents are declared once deployment succeeded. Before that, a "
                + $"problem is a blocker: `blocker {delivery.Id} <what>`."
            : open.Count == 0
                ? "No incident is open."
                : "Open: " + string.Join("; ", open.Select(i =>
                    $"{delivery.Id}-{i.Id} ({SeverityTargets.Title(i.Severity)}) {i.Title}, {i.Commander} commands"));
        var manager = context.Viewer is not { } viewer
            || delivery.ActorsFor(Role.DeliveryManager, context.Now).Any(viewer.IsSameAs);
        return CardText.Data(new View(
            Header: CardText.Header(delivery, delivery.CurrentStage, delivery.InService
                ? "Declare an incident in the service this delivery put live: its commander is asked to acknowledge."
                : ""),
            Status: status,
            Live: delivery.InService,
            Levels: [.. SeverityTargets.Seed.Select(t => Level(delivery, t.Severity))],
            Severities: [.. SeverityTargets.Seed.Select(t => new Choice(
                $"{SeverityTargets.Title(t.Severity)}: {t.Definition}", t.Severity.ToString()))],
            Zone: delivery.Calendar.Zone.Id,
            Clock: $"Targets run {SetIncidentClock.Describe(delivery.State.Settings.IncidentClock)}. Any of the "
                + $"team may declare; {delivery.DefaultIncidentCommander?.DisplayName ?? "the DM"} commands by "
                + "default.",
            IsManager: manager,
            ClockChoice: delivery.State.Settings.IncidentClock?.ToString() ?? Seed,
            Clocks:
            [
                new("As the seed: SEV-1 and SEV-2 on the wall clock, SEV-3 and SEV-4 on business hours", Seed),
                new("Every severity on the wall clock", nameof(IncidentClock.Wall)),
                new("Every severity on business hours", nameof(IncidentClock.Business)),
            ]));
    }

    /// <summary>The choice that puts the targets back on the seed's clocks.</summary>
    public const string Seed = "Seed";

    /// <summary>
    /// "SEV-2 · Major feature unavailable…: respond 30 min, resolve 8 h, updates every 1 h (wall clock)".
    /// </summary>
    private static string Level(Delivery delivery, Severity severity)
    {
        var t = delivery.TargetsFor(severity);
        return $"{SeverityTargets.Title(severity)} · {t.Definition}: respond {t.Response}, resolve {t.Resolution}, "
            + $"updates every {t.StatusEvery} ({(t.Clock == IncidentClock.Wall ? "wall clock" : "business hours")})";
    }

    public IReadOnlyList<Person> Actors(Delivery delivery, string focus, DateTimeOffset now)
        => delivery.InService
            ? [.. Delivery.IncidentTeam.SelectMany(r => delivery.ActorsFor(r, now)).DistinctBy(p => p.Key)]
            : [];

    // incidents outlive the delivery: the form stays live after closing
    public bool IsOver(Delivery delivery, string focus) => false;
}
