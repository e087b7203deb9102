using System.Globalization;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using DeliveryBot.Teams.Cards.Templating;
using DeliveryBot.Teams.Wording;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;

namespace DeliveryBot.Teams.Cards.Views;

/// <summary>
/// Stage 5, for the Deployment Specialist (cards/deployment.json): the window against the schedule, the seed's
/// checklist (its progress, the open items, who ticked what, ticked and unticked several at once with one submission,
/// and the DM's override with its reason), the rollback triggers, the deployment issues raised (a failed deployment
/// is a blocker: it holds the gate and escalates if not resolved in time), and the outcome. The DM sees it too, to
/// tick items or override the checklist. The rollout (method, plan, steps, a rollback on a trigger) is the Deployment
/// Specialist's, and after go-live so is the monitoring: the card stays live for them until the success metrics are
/// answered.
/// </summary>
internal sealed class DeploymentCard : IDeliveryCard
{
    /// <summary>A checklist item: its name (the choice's value), its mark, its title (who ticked it, when).</summary>
    public sealed record Item(string Name, string Mark, string Title);

    /// <summary>A phase of the checklist, its checkboxes' input and what is ticked in it (the input's value).</summary>
    public sealed record Group(string Title, string InputId, string Value, IReadOnlyList<Item> Items);
    public sealed record Issue(string Id, string Text, string State, bool Open, string InputId);

    /// <summary>A rollout method as the window's form offers it: its title and value (the method's name).</summary>
    public sealed record Method(string Title, string Value);

    public sealed record View(
        CardHeader Header,
        IReadOnlyList<Fact> Facts,
        string Progress,
        string OpenItems,
        string Override,
        string Ticked,
        IReadOnlyList<Group> Groups,
        IReadOnlyList<string> Rollback,
        IReadOnlyList<Issue> Issues,
        string WindowStart,
        string WindowEnd,
        string WindowAction,
        bool Active,
        bool HasWindow,
        bool Released,
        bool Started,
        bool Decided,
        string Decision,
        bool Deploys,
        bool Overridable,
        IReadOnlyList<Method> Methods,
        string RolloutMethod,
        string RollbackPlan,
        string SuccessMetrics,
        IReadOnlyList<string> Steps,
        string NextStep,
        string NextPercent,
        bool Switch,
        bool Rolling,
        string RollingOf,
        bool RollsBack,
        IReadOnlyList<string> Triggers,
        bool Monitoring,
        bool MetricsDue);

    /// <summary>
    /// The checkboxes of each phase, by phase title: the submission of the card carries what is ticked in each.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Inputs = DeploymentChecklist.Phases.ToDictionary(
        p => p.Title, p => "ticked-" + p.Title.ToLowerInvariant(), StringComparer.Ordinal);

    public string Template => Templates.Deployment;

    public bool Accepts(string focus) => focus.Length == 0;

    /// <summary>
    /// The deployment (window, checklist, rollout) and its stage, its gate, and the deployment issues (blockers) it
    /// resolves: what its buttons ask about.
    /// </summary>
    public IReadOnlyList<Subject> AsksAbout(string focus) => Asks;

    private static readonly IReadOnlyList<Subject> Asks =
        Delivery.AsksAbout(new AcknowledgeGate(Checks.DeploymentSucceeded.Key), new ResolveBlocker("B1", ""));

    public DataObject Draw(Delivery delivery, string focus, CardContext context)
    {
        var s = delivery.State;
        var open = delivery.OpenChecklistItems;
        var active = delivery.IsActive(Stage.DeploymentCoordination);
        var decided = delivery.DecisionFor(Checks.DeploymentSucceeded) is not null;
        var dmOnly = context.Viewer is { } viewer
            && delivery.Holds(viewer, Role.DeliveryManager, context.Now)
            && !delivery.Holds(viewer, Role.DeploymentSpecialist, context.Now);
        Item ItemOf(string item) => delivery.IsTicked(item)
            ? new(item, "☑", delivery.LastMark(item) is { } m ? $"{item} · {m.By}, {delivery.Time(m.At)}" : item)
            : new(item, "☐", item);
        Group Of(ChecklistPhase phase) => new(
            Title: $"{phase.Title} · {phase.Items.Count(delivery.IsTicked)} of {phase.Items.Count}",
            InputId: Inputs[phase.Title],
            Value: string.Join(",", phase.Items.Where(delivery.IsTicked)),
            Items: [.. phase.Items.Select(ItemOf)]);
        var window = s.DeploymentWindow;
        var planned = s.Schedule;
        var target = s.Milestones[(int)Milestone.DeploymentComplete].Target;
        var started = s.Milestones[(int)Milestone.DeploymentStart].Actual;
        var issues = s.Blockers.Where(b => b.Stage == Stage.DeploymentCoordination).ToList();
        var rollout = s.Rollout;
        var deploying = active && started is not null && !decided && !dmOnly;
        var steps = delivery.RolloutSteps;
        var next = deploying && rollout.Method == RolloutMethod.Canary ? delivery.NextCanaryStep : null;
        var monitoring = delivery.Monitoring && !dmOnly;
        return CardText.Data(new View(
            Header: CardText.Header(
                delivery,
                Stage.DeploymentCoordination,
                dmOnly
                    ? Waiting(open.Count, s.DeploymentChecklistOverride is not null)
                    : Yours(window is not null, delivery.ReleaseApproved, started is not null,
                        issues.Exists(b => b.IsOpen))),
            Facts:
            [
                new("Planned window", planned is null
                    ? "—"
                    : $"{CardText.Date(planned.DeploymentWindowStart)} "
                        + $"to {CardText.Date(planned.DeploymentWindowEnd)}"),
                new("Confirmed window", window is null
                    ? "not confirmed yet"
                    : $"{CardText.Date(window.Start)} to {CardText.Date(window.End)}, "
                        + $"by {window.ConfirmedBy} at {delivery.Time(window.ConfirmedAt)}"),
                new("Against the schedule", window is null
                    ? "—"
                    : window.FitsSchedule
                        ? "✅ fits: it ends by the deployment complete target "
                            + $"({CardText.Date(target)})"
                        : $"⚠️ ends after the deployment complete target ({CardText.Date(target)}): "
                            + "the DM updates the timeline and tells the client"),
                new("Go/no-go", delivery.ReleaseApproved
                    ? "✅ go"
                    : $"not given yet: {ExitCriteria.All.Count - delivery.OpenExitCriteria.Count} of "
                        + $"{ExitCriteria.All.Count} exit criteria met (type: release {delivery.Id})"),
                new("Deployment started", started is { } d ? CardText.Date(d) : "not yet"),
                .. RolloutFacts(delivery),
            ],
            Progress: $"Checklist: {DeploymentChecklist.Count - open.Count} of {DeploymentChecklist.Count} done"
                + (open.Count == 0 ? "" : $", {open.Count} open"),
            OpenItems: open.Count == 0 ? "" : $"Still open: {string.Join(" · ", open)}",
            Override: s.DeploymentChecklistOverride is { } o
                ? $"Checklist overridden by {o.By} at {delivery.Time(o.At)} with {o.OpenItems.Count} open: "
                    + Bounded.Cut(o.Reason)
                : "",
            Ticked: string.Join(",", DeploymentChecklist.AllItems.Where(delivery.IsTicked)),
            Groups: [.. DeploymentChecklist.Phases.Select(Of)],
            Rollback: DeploymentChecklist.RollbackTriggers,
            // The open ones first, then the latest resolved: a card has room for a few (Bounded), the record for all.
            Issues: [.. issues
                .OrderBy(b => !b.IsOpen)
                .ThenByDescending(b => b.RaisedAt)
                .Take(2 * Bounded.Rows)
                .Select(b => new Issue(
                    Id: b.Id,
                    Text: $"{b.Id}: {Bounded.Cut(b.Description)}",
                    State: b.IsOpen
                        ? $"Open since {delivery.Time(b.RaisedAt)}, raised by {b.RaisedBy}"
                        : $"Resolved at {delivery.Time(b.ResolvedAt!.Value)}: {Bounded.Cut(b.Resolution ?? "")}",
                    Open: b.IsOpen,
                    InputId: $"resolution-{b.Id}"))],
            WindowStart: CardText.Date(window?.Start ?? planned?.DeploymentWindowStart) is var ws && ws != "—"
                ? ws
                : "",
            WindowEnd: CardText.Date(window?.End ?? planned?.DeploymentWindowEnd) is var we && we != "—"
                ? we
                : "",
            WindowAction: window is null ? "Confirm the window" : "Change the window",
            Active: active,
            HasWindow: window is not null,
            Released: delivery.ReleaseApproved,
            Started: started is not null,
            Decided: decided,
            Decision: CardText.Decision(delivery, Checks.DeploymentSucceeded) ?? "",
            // the window, the start and the outcome are the Deployment Specialist's: the DM's own view leaves them out
            Deploys: !dmOnly,
            // the shared copy offers the override (the domain lets only the DM give it), a person's own view to the DM
            Overridable: active && !decided && open.Count > 0 && s.DeploymentChecklistOverride is null
                && (context.Viewer is null || delivery.Holds(context.Viewer, Role.DeliveryManager, context.Now)),
            Methods: [.. Enum.GetValues<RolloutMethod>()
                .Select(m => new Method(Capital(Rollout.Title(m)), m.ToString()))],
            RolloutMethod: rollout.Method?.ToString() ?? "",
            RollbackPlan: rollout.RollbackPlan ?? "",
            SuccessMetrics: rollout.SuccessMetrics,
            // the attempt under way; the record keeps them all
            Steps: [.. steps.TakeLast(Bounded.Rows).Select(step =>
                $"{rollout.Describe(step)} · {step.By}, {delivery.Time(step.At)}")],
            NextStep: next is { } percent ? $"Traffic at {percent}%" : "",
            NextPercent: next?.ToString(CultureInfo.InvariantCulture) ?? "",
            Switch: deploying && rollout.Method == RolloutMethod.BlueGreen && steps.Count == 0,
            Rolling: deploying && rollout.Method == RolloutMethod.Rolling,
            RollingOf: rollout.Method == RolloutMethod.Rolling && steps is [.., var last]
                ? last.Of.ToString(CultureInfo.InvariantCulture)
                : "",
            RollsBack: (deploying && delivery.OpenRollback is null) || monitoring,
            Triggers: delivery.RollbackTriggers,
            Monitoring: monitoring,
            MetricsDue: monitoring && delivery.MonitoringDueAt <= context.Now));
    }

    /// <summary>The rollout's facts: the method and plan, the progress, and after go-live the monitoring.</summary>
    private static IEnumerable<Fact> RolloutFacts(Delivery delivery)
    {
        var r = delivery.State.Rollout;
        yield return new("Rollout", r.Method is { } m
            ? $"{Rollout.Title(m)}, set by {r.SetBy} at {delivery.Time(r.SetAt!.Value)}"
            : "not set yet (with the window)");
        if (r.RollbackPlan is { } plan) yield return new("Rollback plan", Bounded.Cut(plan));
        yield return new("Success metrics", r.SuccessMetrics);
        if (r.Rollbacks is [.., var last])
            yield return new("Rolled back", $"{delivery.Time(last.At)} by {last.By} on “{last.Trigger}”: "
                + (last.Clean ? "cleanly" : "with problems") + $" ({last.BlockerId})");
        if (delivery.WentLiveAt is null) yield break;
        yield return new("Monitoring", r.Monitoring is { } answer
            ? (answer.Met ? "✅ success metrics met" : answer.Then == MonitoringFollowUp.RollBack
                ? "⚠️ not met: rolled back" : "⚠️ not met: incident opened")
                + $" ({answer.By}, {delivery.Time(answer.At)})"
            : $"24 hours after go-live, until {delivery.Time(delivery.MonitoringDueAt!.Value)}");
    }

    private static string Capital(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>The Deployment Specialist, and the DM, who may tick the checklist or override it.</summary>
    public IReadOnlyList<Person> Actors(Delivery delivery, string focus, DateTimeOffset now)
        => delivery.IsActive(Stage.DeploymentCoordination) && delivery.DecisionFor(Checks.DeploymentSucceeded) is null
            ? [.. delivery.ActorsFor(Role.DeploymentSpecialist, now)
                .Concat(delivery.ActorsFor(Role.DeliveryManager, now))
                .DistinctBy(p => p.Key)]
            // after go-live the Deployment Specialist still answers the monitoring
            : delivery.Monitoring && !delivery.IsClosed ? delivery.ActorsFor(Role.DeploymentSpecialist, now)
            : [];

    /// <summary>Over with stage 5, unless the success metrics after go-live are still to be answered.</summary>
    public bool IsOver(Delivery delivery, string focus)
        => CardLifecycle.StageOver(delivery, Stage.DeploymentCoordination)
            && (delivery.IsClosed || !delivery.Monitoring);

    private static string Yours(bool hasWindow, bool released, bool started, bool openIssue)
        => !hasWindow ? "Confirm the deployment window: does it fit the schedule?"
            : !started && !released
                ? "Work through the pre-deployment checklist; deployment starts after the go/no-go (the release card)."
            : !started ? "Work through the pre-deployment checklist, then record that deployment started."
            : openIssue ? "Resolve the open deployment issue, then say how the deployment went."
            : "Work through the checklist, then say how the deployment went.";

    /// <summary>What the DM can do here while the Deployment Specialist deploys.</summary>
    private static string Waiting(int open, bool overridden)
        => open == 0 || overridden
            ? "The Deployment Specialist confirms how the deployment went."
            : $"{open} checklist items are open: tick what is done, or override the checklist with a reason.";
}
