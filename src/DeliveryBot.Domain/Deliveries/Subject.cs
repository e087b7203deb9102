using System.Collections.Immutable;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Domain.Deliveries;

/// <summary>
/// One thing a card can ask about (the schedule, the decisions on one gate check, where one stage stands), the parts
/// of the record it is made of, and what to tell someone whose card was drawn before it changed. The parts are compared
/// by value, and lists the command did not touch keep their identity, so an unrelated change never looks like one.
/// </summary>
public sealed class Subject
{
    private readonly Func<DeliveryState, DeliveryState, bool> _same;
    private readonly Func<DeliveryState, object>? _within;

    /// <param name="parts">The parts of the record it is made of, compared in order.</param>
    /// <param name="within">
    /// The list of the record the parts are picked from, when they are picked from one: a command that did not touch
    /// that list leaves it the same object, and then the subject did not change without picking its parts twice.
    /// </param>
    private Subject(
        string key, string changed, Func<DeliveryState, IEnumerable<object?>> parts,
        Func<DeliveryState, object>? within = null)
        : this(key, changed, (before, after) => parts(before).SequenceEqual(parts(after)), within)
    {
    }

    /// <param name="same">
    /// Whether the subject is the same in two states, where that is asked often enough to be worth a loop of its own
    /// (each gate check's decisions, after every decision).
    /// </param>
    private Subject(
        string key, string changed, Func<DeliveryState, DeliveryState, bool> same, Func<DeliveryState, object>? within)
    {
        Key = key;
        Changed = changed;
        _same = same;
        _within = within;
    }

    /// <summary>
    /// Its key in the record's <see cref="DeliveryState.SubjectChanges"/>, e.g. "schedule", "stage:2".
    /// </summary>
    public string Key { get; }

    /// <summary>What changed, in the words of the people using the cards: "the schedule changed".</summary>
    public string Changed { get; }

    /// <summary>
    /// A subject made of a few parts of the record, as a value (one part, or a tuple of them) compared by its own
    /// equality: every subject is compared on every command, and parts given as a list of objects made two arrays, two
    /// enumerators and a box for each date or flag, for each subject, each time.
    /// </summary>
    private static Subject Parts<T>(string key, string changed, Func<DeliveryState, T> parts)
        => new(key, changed, same: (before, after) => EqualityComparer<T>.Default.Equals(parts(before), parts(after)),
            within: null);

    /// <summary>A list of the record as one part of a subject (see <see cref="Items{T}"/>).</summary>
    private static class Items
    {
        public static Items<T> Of<T>(ImmutableList<T> list) => new(list);
    }

    /// <summary>
    /// A list as a part: the same when it is the same list (a command that did not touch it keeps it) or, item by
    /// item, equal.
    /// </summary>
    private readonly struct Items<T>(ImmutableList<T> list) : IEquatable<Items<T>>
    {
        private readonly ImmutableList<T> _list = list;

        public bool Equals(Items<T> other)
            => ReferenceEquals(_list, other._list) || (_list.Count == other._list.Count
                && SameWalk(_list, other._list, 0, static (_, _) => true,
                    static (x, y) => EqualityComparer<T>.Default.Equals(x, y)));

        public override bool Equals(object? obj) => obj is Items<T> other && Equals(other);

        public override int GetHashCode() => _list.Count; // equal lists are as long
    }

    /// <summary>A subject that is one list of the record, all of it.</summary>
    private static Subject List(string key, string changed, Func<DeliveryState, IEnumerable<object?>> list)
        => new(key, changed, list, list);

    internal bool Differs(DeliveryState before, DeliveryState after)
        => !(_within is { } within && ReferenceEquals(within(before), within(after)))
            && !_same(before, after);

    public static readonly Subject IntakeDetails = Parts(
        "intake",
        "the intake details (client, talent, scope, timeline) changed",
        s => (s.Client, s.DigitalTalent, s.Scope, s.TimelineExpectations, s.IntakeDate));

    public static readonly Subject Requirements = List(
        "requirements", "an ambiguity in the requirements was raised or resolved", s => s.Ambiguities);

    public static readonly Subject AgreedDate = Parts(
        "agreed-date", "the agreed delivery date changed", s => s.AgreedDeliveryDate);

    public static readonly Subject People = Parts(
        "people", "the stakeholders changed", s => (Items.Of(s.Stakeholders), Items.Of(s.Delegations)));

    /// <summary>
    /// The schedule, when it was published, and each milestone's target and acceptable delay. Compared by a walk of
    /// its own, not as a list of parts: a milestone's two values would each be boxed, twice for every command.
    /// </summary>
    public static readonly Subject Schedule = new(
        "schedule",
        "the schedule changed",
        same: (before, after) => Equals(before.Schedule, after.Schedule)
            && before.SchedulePublishedAt == after.SchedulePublishedAt
            && SameTargets(before.Milestones, after.Milestones),
        within: null);

    public static readonly Subject Production = Parts(
        "production",
        "production progress was recorded",
        s => (Items.Of(s.CheckIns), s.Milestones[(int)Milestone.ProductionStart].Actual));

    public static readonly Subject Qa = List("qa", "the QA submission changed", s => s.QaAttempts);

    public static readonly Subject Deployment = Parts(
        "deployment",
        "the deployment changed",
        s => (
            s.DeploymentWindow,
            s.Milestones[(int)Milestone.DeploymentStart].Actual,
            Items.Of(s.DeploymentChecklistDone),
            Items.Of(s.DeploymentChecklistMarks),
            s.DeploymentChecklistOverride,
            s.Rollout));

    public static readonly Subject Release = Parts(
        "release",
        "the release's exit criteria or go/no-go changed",
        s => (Items.Of(s.ExitCriteriaMarks), Items.Of(s.GoNoGoDecisions)));

    public static readonly Subject Handover = Parts(
        "handover", "the handover changed", s => (s.Handover, s.ClientAcknowledgement));

    public static readonly Subject Review = Parts("review", "the review changed", s => s.Review);

    public static readonly Subject Risks = List("risks", "the risks changed", s => s.Risks);

    public static readonly Subject Blockers = List("blockers", "the blockers changed", s => s.Blockers);

    public static readonly Subject Escalations = List("escalations", "the escalations changed", s => s.Escalations);

    public static readonly Subject IncidentReviews = new(
        "incident-reviews",
        "an incident's review or its action items changed",
        // only the reviews: an incident declared or moved since leaves a review card as it was
        s => s.Incidents.Where(i => i.Review is not null).Select(i => (object?)(i.Id, i.Review)),
        s => s.Incidents);

    public static readonly Subject Changes = List("changes", "the change requests changed", s => s.ChangeRequests);

    public static readonly Subject ChangeBoard = new(
        "change-board", "the CAB changed", s => s.ChangeBoard.Select(r => (object?)r), s => s.ChangeBoard);

    public static readonly Subject Settings = Parts(
        "settings", "the delivery's settings or reminders changed", s => (s.Settings, s.RemindersPaused));

    public static readonly Subject ServiceLevel = new(
        "service-level",
        "the service level (targets, readings, maintenance) changed",
        s => [s.ServiceLevel.AvailabilityPercent, s.ServiceLevel.LatencyP99Ms, s.ServiceLevel.ErrorRatePercent,
            .. s.ServiceLevel.Readings, .. s.ServiceLevel.Maintenance],
        s => s.ServiceLevel);

    public static readonly Subject Closed = Parts("closed", "the delivery was closed", s => s.ClosedAt);

    /// <summary>Where a stage stands (started, passed, skipped).</summary>
    public static Subject Of(Stage stage) => Stages[(int)stage - 1];

    /// <summary>
    /// The client communications of one kind: the handover card's Send is not out of date because a weekly update
    /// went meanwhile.
    /// </summary>
    public static Subject Of(CommunicationType type) => Kinds[(int)type];

    /// <summary>The decisions on one gate check (given, withdrawn).</summary>
    public static Subject Of(GateCheck check)
        => GatesByCheck.TryGetValue(check.Key, out var gate)
            ? gate
            : throw new ArgumentException($"{check.Key} is not a check of the lifecycle.", nameof(check));

    private static readonly IReadOnlyList<Subject> Stages =
    [
        .. StageCatalog.All.Select(d => new Subject(
            $"stage:{(int)d.Stage}",
            $"stage {(int)d.Stage} ({d.Name}) moved on",
            s => [s.Stages.Find(p => p.Stage == d.Stage)],
            s => s.Stages)),
    ];

    private static readonly IReadOnlyList<Subject> Kinds =
    [
        .. Enum.GetValues<CommunicationType>().Select(t => new Subject(
            $"communications:{t}",
            $"a {t.Title().ToLowerInvariant()} was logged or sent",
            s => s.StatusUpdates.Where(u => u.Type == t),
            s => s.StatusUpdates)),
    ];

    private static readonly IReadOnlyList<Subject> Gates =
    [
        .. StageCatalog.AllChecks.Select(c => new Subject(
            $"gate:{c.Key}",
            $"the answer to “{c.Question}” was given or withdrawn",
            same: (before, after) => SameDecisions(before.Decisions, after.Decisions, c.Key),
            within: s => s.Decisions)),
    ];

    /// <summary>Each check's subject by the check's key (after <see cref="Gates"/>, which it reads).</summary>
    private static readonly Dictionary<string, Subject> GatesByCheck
        = Gates.ToDictionary(g => g.Key["gate:".Length..]);

    /// <summary>Each milestone's target and acceptable delay are the same in both lists.</summary>
    private static bool SameTargets(ImmutableList<MilestoneEntry> a, ImmutableList<MilestoneEntry> b)
        => ReferenceEquals(a, b) || (a.Count == b.Count && SameWalk(a, b, 0, static (_, _) => true,
            static (x, y) => x.Target == y.Target && x.AcceptableDelayDays == y.AcceptableDelayDays));

    /// <summary>The decisions on one check, in order, are the same in both lists.</summary>
    private static bool SameDecisions(ImmutableList<GateDecision> a, ImmutableList<GateDecision> b, string check)
        => SameWalk(a, b, check, static (d, check) => d.CheckKey == check, static (x, y) => Equals(x, y));

    /// <summary>
    /// The items of both lists that <paramref name="counts"/> takes are pairwise <paramref name="same"/>, and as many:
    /// both walked once, side by side, with the lists' own enumerators (structs; an index into an immutable list is a
    /// walk down its tree each time), <paramref name="state"/> given to the filter so it captures nothing.
    /// </summary>
    private static bool SameWalk<T, TState>(
        ImmutableList<T> a, ImmutableList<T> b, TState state, Func<T, TState, bool> counts, Func<T, T, bool> same)
    {
        var x = a.GetEnumerator();
        var y = b.GetEnumerator();
        try
        {
            while (true)
            {
                var inA = Next(ref x);
                var inB = Next(ref y);
                if (!inA || !inB) return inA == inB;
                if (!same(x.Current, y.Current)) return false;
            }
        }
        finally
        {
            x.Dispose(); // gives back the stack it borrowed to walk the tree
            y.Dispose();
        }

        bool Next(ref ImmutableList<T>.Enumerator e)
        {
            while (e.MoveNext())
                if (counts(e.Current, state)) return true;
            return false;
        }
    }

    /// <summary>
    /// Every subject of the record; what none of them holds (reminders sent, the audit) makes no card out of date.
    /// </summary>
    public static readonly IReadOnlyList<Subject> All = Placed(
    [
        IntakeDetails, Requirements, AgreedDate, People, Schedule, Production, Qa, Deployment, Release, Handover,
        Review, Risks, Blockers, Escalations, Changes, ChangeBoard, Settings, ServiceLevel, Closed, IncidentReviews,
        .. Stages, .. Gates, .. Kinds,
    ]);

    /// <summary>
    /// Its place in <see cref="All"/>, which is where a record's <see cref="DeliveryState.SubjectChanges"/> keeps its
    /// change: found there at once, not looked for.
    /// </summary>
    internal int Place { get; private set; } = -1;

    private static Subject[] Placed(Subject[] all)
    {
        for (var i = 0; i < all.Length; i++) all[i].Place = i;
        return all;
    }
}
