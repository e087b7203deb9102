using System.Collections.Immutable;
using System.Runtime.InteropServices;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Record;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;

namespace DeliveryBot.Domain.Deliveries;

/// <summary>
/// What each command asks about, the one place this rule lives: a card drawn from an older version of the record is
/// out of date only when one of these subjects changed since, so the PLA's schedule card still acknowledges after the
/// DM logged the initial communication, and is refused once the schedule itself was edited.
/// </summary>
public sealed partial class Delivery
{
    /// <summary>
    /// What a card whose buttons run <paramref name="commands"/> asks about: every subject any of them asks about, each
    /// once, in the order first asked.
    /// </summary>
    public static IReadOnlyList<Subject> AsksAbout(params ReadOnlySpan<DeliveryCommand> commands)
    {
        var subjects = new List<Subject>();
        foreach (var command in commands)
            foreach (var subject in AsksAbout(command))
                if (!subjects.Contains(subject)) subjects.Add(subject);
        return subjects;
    }

    /// <summary>The subjects a command clicked on a card depends on; every subject for one not listed.</summary>
    public static IReadOnlyList<Subject> AsksAbout(DeliveryCommand command) => command switch
    {
        AcknowledgeGate g => FindCheck(g.CheckKey) is { } check ? AsksAbout(check) : Subject.All,
        RecordQaVerdict => AsksAbout(Checks.QaPass),
        AcknowledgeReceipt => AsksAbout(Checks.ClientReceipt),
        CompleteReview => AsksAbout(Checks.ReviewComplete),
        SkipStage s => [Subject.Of(s.Stage)],
        RaiseAmbiguity or ResolveAmbiguity => [Subject.Requirements, Subject.Of(Stage.IntakeHandoff)],
        AgreeDeliveryDate => [Subject.AgreedDate],
        PlanDelivery or PublishSchedule or RescheduleMilestone
            => [Subject.Schedule, Subject.Of(Stage.DeliveryPlanning)],
        // the revised schedule is acknowledged after stage 2: only the dates it shows count
        AcknowledgeRevisedSchedule => [Subject.Schedule],
        StartProduction or RecordCheckIn => [Subject.Production, Subject.Of(Stage.ProductionTracking)],
        ResubmitToQa => [Subject.Qa, Subject.Of(Stage.QaGate)],
        ConfirmDeploymentWindow or StartDeployment or UpdateDeploymentChecklist or OverrideDeploymentChecklist
            or RecordDeploymentFailure or RecordCanaryStep or RecordBlueGreenSwitch or RecordRollingProgress
            or RollBackDeployment
            => [Subject.Deployment, Subject.Of(Stage.DeploymentCoordination)],
        // after go-live only the deployment's own record counts
        ConfirmSuccessMetrics or OpenIncident => [Subject.Deployment],
        // the release card asks about the criteria and decisions; a go also about the blockers that would hold it
        ConfirmExitCriteria => [Subject.Release],
        DecideGoNoGo => [Subject.Release, Subject.Blockers, Subject.Of(Stage.DeploymentCoordination)],
        PrepareHandover => [Subject.Handover, Subject.Of(Stage.ClientHandover)],
        // only the messages of the same kind: a weekly update sent does not make the handover's Send out of date
        RecordClientCommunication r => [Subject.Of(r.Type)],
        SendClientCommunication s => [Subject.Of(s.Type)],
        PostPlanCommunication p => [Subject.Of(p.Type)],
        StartReview => [Subject.Review, Subject.Of(Stage.PostDeliveryReview)],
        AddRisk or CloseRisk => [Subject.Risks],
        RaiseBlocker or ResolveBlocker => [Subject.Blockers],
        Escalate or AcknowledgeEscalation or ResolveEscalation => [Subject.Escalations],
        // the form asks about nothing in the record: its checks run on what was typed
        RequestChange => [],
        // a request's content never changes once made, and a decided one answers as decided: only who sits on the
        // CAB changes what an approval card asks
        ApproveChange or RejectChange or SetChangeBoard => [Subject.ChangeBoard],
        AssignRole or DelegateRole or EndDelegation or EndRoleDelegation => [Subject.People],
        // the confirmation card asks about who was named: a DM changed since makes it stale
        ConfirmManagement or DeclineManagement => [Subject.People, Subject.Of(Stage.IntakeHandoff)],
        ChangeReminderSettings or SetStatusUpdateCadence or PauseReminders or ResumeReminders or SetIncidentClock
            => [Subject.Settings],
        // the incident commands check the incident as it is (acknowledged once, resolved once, a severity it does not
        // have, open for updates): a card drawn before another incident moved is not out of date for them
        DeclareIncident or AcknowledgeIncident or ChangeIncidentSeverity or PostIncidentUpdate or ResolveIncident => [],
        // a review card asks only about the reviews and their action items, not about the incidents' other moves
        ReviewIncident or MarkActionItemDone => [Subject.IncidentReviews],
        // the SLA card's buttons check what was typed against the targets as they are now
        SetServiceLevel or RecordPerformance or ScheduleMaintenance => [Subject.ServiceLevel],
        _ => Subject.All,
    };

    /// <summary>
    /// What a gate check's card asks about: its own decisions, where its stage stands, and what the check confirms
    /// (the schedule for the schedule acknowledgements, the QA submission for the verdict...).
    /// </summary>
    public static IReadOnlyList<Subject> AsksAbout(GateCheck check)
        // a check that is not the catalog's own under its key (a test's copy with another question) is worked out
        => AskedByCheck.TryGetValue(check.Key, out var asked) && asked.Check == check ? asked.Subjects : Asked(check);

    private static IReadOnlyList<Subject> Asked(GateCheck check)
    {
        var content = Confirms.TryGetValue(check.Key, out var confirmed) ? confirmed : [];
        return [Subject.Of(check), Subject.Of(check.Stage), .. content];
    }

    private static readonly Dictionary<string, Subject[]> Confirms = new()
    {
        [Checks.RequirementsUnambiguous.Key] = [Subject.Requirements, Subject.IntakeDetails],
        [Checks.ClientTimelineAcknowledged.Key] = [Subject.AgreedDate, Subject.IntakeDetails],
        [Checks.ScheduleAcknowledgedByPla.Key] = [Subject.Schedule],
        [Checks.ScheduleAcknowledgedByDeployment.Key] = [Subject.Schedule],
        [Checks.ProductionComplete.Key] = [Subject.Production],
        [Checks.QaPass.Key] = [Subject.Qa],
        [Checks.DeploymentSucceeded.Key] = [Subject.Deployment],
        [Checks.ClientReceipt.Key] = [Subject.Handover],
        [Checks.ReviewComplete.Key] = [Subject.Review],
    };

    /// <summary>
    /// What each of the catalog's checks asks about, worked out once (after <see cref="Confirms"/>, which it reads): a
    /// click asks it of the command it answers, and of each gate card drawn for it.
    /// </summary>
    private static readonly Dictionary<string, (GateCheck Check, IReadOnlyList<Subject> Subjects)> AskedByCheck
        = StageCatalog.AllChecks.ToDictionary(c => c.Key, c => (c, Asked(c)));

    /// <summary>
    /// The version at which a subject last changed. A record from before subjects were kept has none: its subjects
    /// count as changed at its version then, so an older card stays refused until it is redrawn, as it was.
    /// </summary>
    public long ChangedAt(Subject subject)
        => Find(State.SubjectChanges, subject)?.Version ?? State.Version;

    /// <summary>
    /// The last version at which any of <paramref name="subjects"/> changed (0 when there are none): what a card whose
    /// buttons ask about these names as the version it was drawn from. A click on it is judged as one on a card drawn
    /// at <see cref="Version"/> would be, for every command whose subjects are among these (none of them changed in
    /// between), and a change to anything else (another gate, a reminder recorded as sent) leaves the card's
    /// drawing, and so what Teams shows, as it was: it need not be sent again. A command asking about a subject left
    /// out is judged more strictly, never less: refused as out of date when that subject changed since.
    /// </summary>
    public long ChangedAt(IReadOnlyList<Subject> subjects)
    {
        var last = 0L;
        for (var i = 0; i < subjects.Count; i++) last = Math.Max(last, ChangedAt(subjects[i]));
        return last;
    }

    /// <summary>
    /// Why a card drawn at <paramref name="drawnAt"/> is out of date for this command, in plain words (what changed
    /// and the change itself from the audit trail), or null when nothing it asks about changed since.
    /// </summary>
    private string? OutOfDate(DeliveryCommand command, long drawnAt)
    {
        if (drawnAt > Version)
            return "This card does not match the delivery's record. It has been refreshed; nothing changed.";
        var asked = AsksAbout(command);
        if (ChangedAt(asked) <= drawnAt) return null; // nearly every click: no LINQ for the answer that says nothing
        var changed = asked
            .Select(s => (Subject: s, At: ChangedAt(s)))
            .Where(c => c.At > drawnAt)
            .OrderByDescending(c => c.At)
            .ToList();
        if (changed.Count == 0) return null;
        var what = string.Join(" and ", changed.Select(c => c.Subject.Changed).Distinct());
        var latest = State.Audit.Find(e => e.Version == changed[0].At) is { } entry
            ? $" ({entry.Actor}: {entry.Summary})"
            : "";
        return $"This card was out of date: since it was drawn, {what}{latest}. " +
            "It has been refreshed to show the delivery as it is now; nothing changed.";
    }

    /// <summary>The subjects the command being committed changed, recorded at the new version.</summary>
    private static ImmutableArray<SubjectChange> Track(DeliveryState? before, DeliveryState after, long version)
    {
        var all = Subject.All;
        var changes = new SubjectChange[all.Count];
        for (var i = 0; i < changes.Length; i++)
        {
            var subject = all[i];
            changes[i] = before is null || subject.Differs(before, after)
                ? new SubjectChange(subject.Key, version)
                : Find(before.SubjectChanges, subject) ?? new SubjectChange(subject.Key, before.Version);
        }
        return ImmutableCollectionsMarshal.AsImmutableArray(changes);
    }

    /// <summary>
    /// The change of <paramref name="subject"/>: looked for first at its place, where <see cref="Track"/> puts it,
    /// then everywhere (a record kept before a subject was added has them elsewhere).
    /// </summary>
    private static SubjectChange? Find(ImmutableArray<SubjectChange> changes, Subject subject)
    {
        var place = subject.Place;
        if ((uint)place < (uint)changes.Length && changes[place].Subject == subject.Key) return changes[place];
        foreach (var change in changes)
            if (change.Subject == subject.Key) return change;
        return null;
    }
}
