using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Incidents;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Domain.Commands;

/// <summary>
/// An incident declared in the service the delivery put live (after deployment succeeded, and after closing): its
/// title, severity, the services it hits, when it was detected (now unless given: an instant, or a local date and time
/// in the delivery's time zone as a card's form gives it) and whether it is an outage. The Deployment Specialist
/// commands it by default (the DM when there is none). Any of the delivery's team may declare one.
/// </summary>
public sealed record DeclareIncident(
    string Title,
    Severity Severity,
    string AffectedServices,
    DateTimeOffset? DetectedAt = null,
    bool IsOutage = false)
    : DeliveryCommand
{
    /// <summary>How far back a detection may be dated: older than that is history, not an incident to run.</summary>
    public static readonly TimeSpan LongestAgo = TimeSpan.FromDays(30);

    /// <summary>
    /// When it was detected as the delivery's local date and time (a form's inputs); wins over the instant.
    /// </summary>
    public (DateOnly Date, TimeOnly Time)? DetectedLocally { get; init; }

    /// <summary>When the impact began, if before detection, as a local date and time; none when not known.</summary>
    public (DateOnly Date, TimeOnly Time)? StartedLocally { get; init; }

    public override string Action => "declare-incident";

    internal override bool AllowedWhenClosed => true;

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(meta, [.. Delivery.IncidentTeam]);
        if (!delivery.InService)
            throw new RuleViolation("Incidents are declared once the delivery is live (deployment succeeded); before "
                + "that, a problem is a blocker: `blocker " + delivery.Id + " <what>`.");
        var detected = DetectedLocally is { } local
            ? delivery.Calendar.ToInstant(local.Date, local.Time)
            : DetectedAt ?? meta.At;
        var started = StartedLocally is { } began
            ? delivery.Calendar.ToInstant(began.Date, began.Time)
            : (DateTimeOffset?)null;
        if (started > detected)
            throw new RuleViolation("The impact cannot begin after it was detected: leave the start empty, or give a "
                + "time before the detection.");
        return IncidentCommand.Declare(delivery, meta, Title, Severity, AffectedServices, detected, IsOutage, started);
    }
}

/// <summary>The incident's commander acknowledges it: the response time. Once.</summary>
public sealed record AcknowledgeIncident(string IncidentId) : DeliveryCommand
{
    public override string Action => "acknowledge-incident";

    internal override bool AllowedWhenClosed => true;

    internal override string? AlreadyDecided(Delivery delivery)
        => delivery.FindIncident(IncidentId) is { AcknowledgedAt: { } at } i
            ? $"Incident {delivery.Id}-{i.Id} was acknowledged by {i.AcknowledgedBy} at {delivery.Time(at)}."
            : null;

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        var incident = IncidentCommand.Commanded(delivery, IncidentId, meta);
        var took = meta.At - incident.DetectedAt;
        var met = meta.At <= delivery.ResponseDue(incident);
        var what = $"Acknowledged by {meta.Actor} ({(met ? "within" : "past")} the "
            + $"{delivery.TargetsOf(incident).Response} response target, {Minutes(took)} after detection)";
        delivery.ReplaceIncident(
            incident,
            incident with { AcknowledgedBy = meta.Actor, AcknowledgedAt = meta.At },
            new IncidentEvent(meta.At, meta.Actor, IncidentEventKind.Acknowledged, what));
        return $"Incident {delivery.Id}-{incident.Id}: {what}.";
    }

    private static string Minutes(TimeSpan took) => $"{(int)Math.Max(0, took.TotalMinutes)} min";
}

/// <summary>The commander or the DM changes the severity, with the reason; the targets follow it.</summary>
public sealed record ChangeIncidentSeverity(string IncidentId, Severity Severity, string Reason) : DeliveryCommand
{
    public override string Action => "change-incident-severity";

    internal override bool AllowedWhenClosed => true;

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        var incident = IncidentCommand.Commanded(delivery, IncidentId, meta, open: true);
        if (!Enum.IsDefined(Severity)) throw new RuleViolation("The severity is SEV-1, SEV-2, SEV-3 or SEV-4.");
        if (incident.Severity == Severity)
            throw new RuleViolation(
                $"Incident {delivery.Id}-{incident.Id} is already {SeverityTargets.Title(Severity)}.");
        var reason = UserText.Required(Reason, "The reason for the new severity", UserText.Paragraph);
        var changed = incident with { Severity = Severity };
        var what = $"{SeverityTargets.Title(incident.Severity)} → {SeverityTargets.Title(Severity)} by {meta.Actor}: "
            + $"{reason} (resolution now due by {delivery.Time(delivery.ResolutionDue(changed))})";
        delivery.ReplaceIncident(incident, changed,
            new IncidentEvent(meta.At, meta.Actor, IncidentEventKind.SeverityChanged, what));
        var summary = $"Incident {delivery.Id}-{incident.Id}: {what}.";
        delivery.Raise(new IncidentChanged(incident.Id, IncidentEventKind.SeverityChanged, summary));
        return summary;
    }
}

/// <summary>A status update on an open incident, by its commander or the DM, for the stakeholders.</summary>
public sealed record PostIncidentUpdate(string IncidentId, string Text) : DeliveryCommand
{
    public override string Action => "incident-update";

    internal override bool AllowedWhenClosed => true;

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        var incident = IncidentCommand.Commanded(delivery, IncidentId, meta, open: true);
        var text = UserText.Required(Text, "The update", UserText.Paragraph);
        delivery.ReplaceIncident(incident, incident,
            new IncidentEvent(
                meta.At, meta.Actor, IncidentEventKind.StatusUpdate, $"Update by {meta.Actor}: {text}"));
        var summary = $"Incident {delivery.Id}-{incident.Id}, update by {meta.Actor}: {text}";
        delivery.Raise(new IncidentChanged(incident.Id, IncidentEventKind.StatusUpdate, summary));
        return summary;
    }
}

/// <summary>
/// The commander or the DM resolves the incident with the fix and the root cause, and when the service was restored
/// (now unless given): an outage's minutes run from detection to then.
/// </summary>
public sealed record ResolveIncident(
    string IncidentId, string Fix, string RootCause, string? CustomerImpact = null, DateTimeOffset? RestoredAt = null)
    : DeliveryCommand
{
    public override string Action => "resolve-incident";

    internal override bool AllowedWhenClosed => true;

    internal override string? AlreadyDecided(Delivery delivery)
        => delivery.FindIncident(IncidentId) is { Resolution: { } r } i
            ? $"Incident {delivery.Id}-{i.Id} was resolved by {r.By} at {delivery.Time(r.At)}: {r.Fix}"
            : null;

    /// <summary>When service was restored as the delivery's local date and time (a form's inputs).</summary>
    public (DateOnly Date, TimeOnly Time)? RestoredLocally { get; init; }

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        var incident = IncidentCommand.Commanded(delivery, IncidentId, meta);
        var restored = RestoredLocally is { } local
            ? delivery.Calendar.ToInstant(local.Date, local.Time)
            : RestoredAt ?? meta.At;
        if (restored > meta.At) throw new RuleViolation("The service cannot be restored in the future.");
        if (restored < incident.DetectedAt)
            throw new RuleViolation($"The service cannot be restored before the incident was detected "
                + $"({delivery.Time(incident.DetectedAt)}).");
        var resolution = new IncidentResolution(
            Fix: UserText.Required(Fix, "The fix", UserText.Paragraph),
            RootCause: UserText.Required(RootCause, "The root cause", UserText.Paragraph),
            CustomerImpact: UserText.Optional(CustomerImpact, "The customer impact", UserText.Paragraph),
            RestoredAt: restored,
            By: meta.Actor,
            At: meta.At);
        var met = restored <= delivery.ResolutionDue(incident);
        var what = $"Resolved by {meta.Actor}, service restored at {delivery.Time(restored)} "
            + $"({(met ? "within" : "past")} the {delivery.TargetsOf(incident).Resolution} resolution target): "
            + resolution.Fix;
        delivery.ReplaceIncident(incident, incident with { Resolution = resolution },
            new IncidentEvent(restored, meta.Actor, IncidentEventKind.Resolved, what));
        var summary = $"Incident {delivery.Id}-{incident.Id}: {what}";
        delivery.Raise(new IncidentChanged(incident.Id, IncidentEventKind.Resolved, summary));
        return summary;
    }
}

/// <summary>
/// The DM runs every incident severity's targets on one clock (the wall clock for a service that never sleeps, business
/// hours for one only used in office hours), or back on the seed's split (null). Open incidents' targets follow.
/// </summary>
public sealed record SetIncidentClock(IncidentClock? Clock) : DeliveryCommand
{
    public override string Action => "set-incident-clock";

    internal override bool AllowedWhenClosed => true;

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(meta, Role.DeliveryManager);
        if (Clock is { } clock && !Enum.IsDefined(clock))
            throw new RuleViolation("The clock is the wall clock or business hours.");
        if (delivery.State.Settings.IncidentClock == Clock)
            throw new RuleViolation($"The incident targets already run {Describe(Clock)}.");
        delivery.Change(s => s with { Settings = s.Settings with { IncidentClock = Clock } });
        return $"Incident targets of {delivery.Id} now run {Describe(Clock)} (set by {meta.Actor}).";
    }

    public static string Describe(IncidentClock? clock) => clock switch
    {
        IncidentClock.Wall => "on the wall clock for every severity",
        IncidentClock.Business => "on business hours for every severity",
        _ => "as the seed has them: SEV-1 and SEV-2 on the wall clock, SEV-3 and SEV-4 on business hours",
    };
}

/// <summary>The one check every incident command shares: the incident exists and the actor may command it.</summary>
internal static class IncidentCommand
{
    /// <summary>
    /// Declares the incident (checked: severity, detection time, a commander) and raises its event; the answer.
    /// </summary>
    public static string Declare(
        Delivery delivery,
        CommandMeta meta,
        string title,
        Severity severity,
        string affectedServices,
        DateTimeOffset detectedAt,
        bool isOutage,
        DateTimeOffset? startedAt = null)
    {
        if (!Enum.IsDefined(severity)) throw new RuleViolation("The severity is SEV-1, SEV-2, SEV-3 or SEV-4.");
        if (detectedAt > meta.At) throw new RuleViolation("The detection time is in the future.");
        if (detectedAt < meta.At - DeclareIncident.LongestAgo)
            throw new RuleViolation($"The detection time is more than {DeclareIncident.LongestAgo.Days} days ago.");
        var commander = delivery.DefaultIncidentCommander
            ?? throw new RuleViolation("Nobody can command it: the delivery has no Deployment Specialist or DM.");
        var id = $"I{delivery.State.Incidents.Count + 1}";
        var named = UserText.Required(title, "The incident's title");
        var incident = new Incident
        {
            Id = id,
            Title = named,
            Severity = severity,
            AffectedServices = UserText.Required(affectedServices, "The affected services"),
            IsOutage = isOutage,
            DetectedAt = detectedAt,
            StartedAt = startedAt,
            DeclaredBy = meta.Actor,
            DeclaredAt = meta.At,
            Commander = commander,
            Timeline =
            [
                new IncidentEvent(detectedAt, meta.Actor, IncidentEventKind.Declared,
                    $"Detected; declared {SeverityTargets.Title(severity)} by {meta.Actor} at "
                        + delivery.Time(meta.At)),
            ],
        };
        delivery.Change(s => s with { Incidents = s.Incidents.Add(incident) });
        var summary = $"Incident {delivery.Id}-{id} ({SeverityTargets.Title(severity)}) declared by {meta.Actor}: "
            + $"{named}. {commander} commands it; the response is due by "
            + $"{delivery.Time(delivery.ResponseDue(incident))}, the resolution by "
            + $"{delivery.Time(delivery.ResolutionDue(incident))}.";
        delivery.Raise(new IncidentDeclared(id, commander, summary));
        return summary;
    }

    public static Incident Commanded(Delivery delivery, string id, CommandMeta meta, bool open = false)
    {
        var incident = delivery.RequireIncident(id);
        if (!delivery.MayCommand(incident, meta.Actor, meta.At))
            throw new NotPermitted($"Only its commander ({incident.Commander}) or "
                + $"{delivery.WhoCanAct([Role.DeliveryManager], meta.At)} can do this.");
        if (open && !incident.IsOpen)
            throw new RuleViolation($"Incident {delivery.Id}-{incident.Id} is resolved.");
        return incident;
    }
}
