using System.Globalization;
using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Incidents;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;

namespace DeliveryBot.Domain.Deliveries;

/// <summary>
/// After go-live: the incidents of the service the delivery put live, who commands them, and their targets.
/// </summary>
public sealed partial class Delivery
{
    /// <summary>
    /// Whether the delivery's talent is in service, so incidents can be declared against it: deployment succeeded (or
    /// its stage was skipped, the client deploying it themselves), and for good once closed.
    /// </summary>
    public bool InService
        => IsClosed
            || DecisionFor(Checks.DeploymentSucceeded) is not null
            || Progress(Stage.DeploymentCoordination).State == StageState.Skipped;

    /// <summary>
    /// Who commands an incident by default: the Deployment Specialist (the seed's on-call), else the DM.
    /// </summary>
    public Person? DefaultIncidentCommander
        => HolderOf(Role.DeploymentSpecialist) ?? HolderOf(Role.DeliveryManager);

    /// <summary>The delivery's team, who may declare an incident and hear of each: everyone but the client.</summary>
    public static readonly IReadOnlyList<Role> IncidentTeam =
    [
        Role.DeliveryManager, Role.DeploymentSpecialist, Role.ProductionLineArchitect, Role.QaEngineer, Role.Cto,
    ];

    /// <summary>Who hears of an incident: its commander and the team (with anyone standing in), once each.</summary>
    public IReadOnlyList<Person> IncidentAudience(Incident incident, DateTimeOffset now)
        => [.. IncidentTeam.SelectMany(r => ActorsFor(r, now)).Prepend(incident.Commander).DistinctBy(p => p.Key)];

    /// <summary>What an automatic escalation of a missed incident target names as its trigger.</summary>
    public static string IncidentTrigger(Incident incident, string target) => $"incident:{incident.Id}:{target}";

    public static bool IsIncidentTrigger(string? trigger)
        => trigger?.StartsWith("incident:", StringComparison.Ordinal) == true;

    /// <summary>The incident an automatic escalation's trigger names; null for any other trigger.</summary>
    public Incident? IncidentOfTrigger(string? trigger)
        => IsIncidentTrigger(trigger)
            ? State.Incidents.Find(i => trigger!.StartsWith($"incident:{i.Id}:", StringComparison.Ordinal))
            : null;

    /// <summary>The incident by id (I1, or D1-I1), case aside; null when there is none.</summary>
    public Incident? FindIncident(string? id)
    {
        var local = id?.Trim() is { } text && text.StartsWith($"{Id}-", StringComparison.OrdinalIgnoreCase)
            ? text[(Id.Length + 1)..]
            : id?.Trim();
        return State.Incidents.Find(i => string.Equals(i.Id, local, StringComparison.OrdinalIgnoreCase));
    }

    internal Incident RequireIncident(string id)
        => FindIncident(id) ?? throw new RuleViolation(State.Incidents.Count == 0
            ? $"Delivery {Id} has no incidents."
            : $"There is no incident {UserText.Shown(id)} on {Id}: it has I1 to I{State.Incidents.Count}.");

    /// <summary>
    /// The incident's targets at its severity now, on the delivery's clock for that severity: the seed's (wall clock
    /// for SEV-1 and SEV-2, business hours for SEV-3 and SEV-4) unless the DM put every severity on one clock.
    /// </summary>
    public SeverityTargets TargetsOf(Incident incident) => TargetsFor(incident.Severity);

    /// <summary>A severity's targets on this delivery's clock for it.</summary>
    public SeverityTargets TargetsFor(Severity severity)
        => State.Settings.IncidentClock is { } clock
            ? SeverityTargets.Of(severity).On(clock)
            : SeverityTargets.Of(severity);

    /// <summary>
    /// When the open incident's next status update to the stakeholders is due: the severity's cadence after the last
    /// update (or the declaration); null once resolved.
    /// </summary>
    public DateTimeOffset? IncidentUpdateDue(Incident incident)
        => incident.IsOpen
            ? TargetsOf(incident).StatusDue(
                incident.Timeline.Where(e => e.Kind == IncidentEventKind.StatusUpdate).Select(e => e.At)
                    .Append(incident.DeclaredAt).Max(),
                Calendar)
            : null;

    /// <summary>
    /// The role through which the commander commands the incident: the Deployment Specialist's when they hold it, else
    /// the DM's (who may act on every incident); who is asked for its turn, a delegate standing in included.
    /// </summary>
    public Role CommandingRole(Incident incident)
        => HolderOf(Role.DeploymentSpecialist)?.IsSameAs(incident.Commander) == true
            ? Role.DeploymentSpecialist
            : Role.DeliveryManager;

    /// <summary>
    /// Who may act on an incident now: its commander, whoever stands in for them in the role they command it through,
    /// and the DM (or their stand-in).
    /// </summary>
    public IReadOnlyList<Person> IncidentActors(Incident incident, DateTimeOffset now)
        => [.. ActorsFor(CommandingRole(incident), now).Concat(ActorsFor(Role.DeliveryManager, now))
            .Prepend(incident.Commander).DistinctBy(p => p.Key)];

    /// <summary>When the response (the commander's acknowledgement) is due.</summary>
    public DateTimeOffset ResponseDue(Incident incident)
        => TargetsOf(incident).ResponseDue(incident.DetectedAt, Calendar);

    /// <summary>When the resolution is due.</summary>
    public DateTimeOffset ResolutionDue(Incident incident)
        => TargetsOf(incident).ResolutionDue(incident.DetectedAt, Calendar);

    /// <summary>Whether <paramref name="person"/> may act on the incident now (<see cref="IncidentActors"/>).</summary>
    internal bool MayCommand(Incident incident, Person person, DateTimeOffset at)
        => incident.Commander.IsSameAs(person)
            || Holds(person, CommandingRole(incident), at)
            || Holds(person, Role.DeliveryManager, at);

    /// <summary>An action item's id within its incident's review: A and its number, from 1.</summary>
    public static string ActionItemId(int index) => $"A{(index + 1).ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// The incident and its review's action item an id names (D1-I1-A1, or I1-A1, case aside); null when none.
    /// </summary>
    public (Incident Incident, IncidentActionItem Item)? FindActionItem(string? id)
    {
        var text = id?.Trim() ?? "";
        var dash = text.LastIndexOf('-');
        if (dash <= 0 || FindIncident(text[..dash]) is not { Review: { } review } incident) return null;
        var local = text[(dash + 1)..];
        var item = review.ActionItems
            .FirstOrDefault(a => string.Equals(a.Id, local, StringComparison.OrdinalIgnoreCase));
        return item is null ? null : (incident, item);
    }

    internal (Incident Incident, IncidentActionItem Item) RequireActionItem(string id)
    {
        if (FindActionItem(id) is { } found) return found;
        var dash = id.Trim().LastIndexOf('-');
        var incident = dash > 0 ? FindIncident(id.Trim()[..dash]) : null;
        throw new RuleViolation(incident switch
        {
            null => $"There is no action item {UserText.Shown(id)} on {Id}: give it as {Id}-I1-A1.",
            { Review: null } => $"Incident {Id}-{incident.Id} has not been reviewed yet: it has no action items.",
            { Review.ActionItems.Count: 0 }
                => $"The review of incident {Id}-{incident.Id} has no action items.",
            _ => $"There is no action item {UserText.Shown(id)}: incident {Id}-{incident.Id} has A1 to "
                + $"A{incident.Review.ActionItems.Count}.",
        });
    }

    /// <summary>Who is asked to run an incident's review: the DM (or their stand-in), else its commander.</summary>
    public Person ReviewerOf(Incident incident, DateTimeOffset now)
        => ActiveDelegations(Role.DeliveryManager, now).Select(d => d.To).FirstOrDefault()
            ?? HolderOf(Role.DeliveryManager) ?? incident.Commander;

    internal void ReplaceIncident(Incident incident, Incident with, IncidentEvent happened)
        => Change(s => s with
        {
            Incidents = s.Incidents.Replace(incident, with with { Timeline = with.Timeline.Add(happened) }),
        });
}
