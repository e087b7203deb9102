using System.Text.Json.Nodes;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;
using DeliveryBot.Teams.Wording;

namespace DeliveryBot.Teams.Cards.Views;

/// <summary>
/// Stage 5, for the Deployment Specialist (cards/deployment.json): the window against the schedule, the seed's
/// checklist with what is ticked, the rollback triggers, the deployment issues raised (a failed deployment is a
/// blocker: it holds the gate and escalates if not resolved in time), and the outcome.
/// </summary>
internal sealed class DeploymentCard : IDeliveryCard
{
    public sealed record Item(string Name, string Mark);
    public sealed record Group(string Title, IReadOnlyList<Item> Items);
    public sealed record Issue(string Id, string Text, string State, bool Open, string InputId);

    public sealed record View(
        CardHeader Header,
        IReadOnlyList<Fact> Facts,
        string Progress,
        IReadOnlyList<Group> Groups,
        IReadOnlyList<string> Rollback,
        IReadOnlyList<Issue> Issues,
        IReadOnlyList<string> Remaining,
        string WindowStart,
        string WindowEnd,
        string WindowAction,
        bool Active,
        bool HasWindow,
        bool Started,
        bool Decided,
        string Decision);

    public string Template => Templates.Deployment;

    public bool Accepts(string focus) => focus.Length == 0;

    public JsonObject Draw(Delivery delivery, string focus, CardContext context)
    {
        var s = delivery.State;
        var done = s.DeploymentChecklistDone;
        Group Of(string title, IReadOnlyList<string> items)
            => new(title, [.. items.Select(i => new Item(i, done.Contains(i) ? "☑" : "☐"))]);
        var window = s.DeploymentWindow;
        var planned = s.Schedule;
        var target = s.Milestones[(int)Milestone.DeploymentComplete].Target;
        var started = s.Milestones[(int)Milestone.DeploymentStart].Actual;
        var issues = s.Blockers.Where(b => b.Stage == Stage.DeploymentCoordination).ToList();
        return CardText.Data(new View(
            Header: CardText.Header(
                delivery,
                Stage.DeploymentCoordination,
                Yours(window is not null, started is not null, issues.Exists(b => b.IsOpen))),
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
                new("Deployment started", started is { } d ? CardText.Date(d) : "not yet"),
            ],
            Progress: $"Checklist: {done.Count} of {DeploymentChecklist.AllItems.Count()} done",
            Groups:
            [
                Of("Pre-deployment", DeploymentChecklist.PreDeployment),
                Of("Deployment", DeploymentChecklist.Deployment),
                Of("Post-deployment", DeploymentChecklist.PostDeployment),
            ],
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
            Remaining: [.. DeploymentChecklist.AllItems.Where(i => !done.Contains(i))],
            WindowStart: CardText.Date(window?.Start ?? planned?.DeploymentWindowStart) is var ws && ws != "—"
                ? ws
                : "",
            WindowEnd: CardText.Date(window?.End ?? planned?.DeploymentWindowEnd) is var we && we != "—"
                ? we
                : "",
            WindowAction: window is null ? "Confirm the window" : "Change the window",
            Active: delivery.IsActive(Stage.DeploymentCoordination),
            HasWindow: window is not null,
            Started: started is not null,
            Decided: delivery.DecisionFor(Checks.DeploymentSucceeded) is not null,
            Decision: CardText.Decision(delivery, Checks.DeploymentSucceeded) ?? ""));
    }

    public IReadOnlyList<Person> Actors(Delivery delivery, string focus, DateTimeOffset now)
        => delivery.IsActive(Stage.DeploymentCoordination) && delivery.DecisionFor(Checks.DeploymentSucceeded) is null
            ? delivery.ActorsFor(Role.DeploymentSpecialist, now)
            : [];

    public bool IsOver(Delivery delivery, string focus)
        => CardLifecycle.StageOver(delivery, Stage.DeploymentCoordination);

    private static string Yours(bool hasWindow, bool started, bool openIssue)
        => !hasWindow ? "Confirm the deployment window: does it fit the schedule?"
            : !started ? "Work through the pre-deployment checklist, then record that deployment started."
            : openIssue ? "Resolve the open deployment issue, then say how the deployment went."
            : "Work through the checklist, then say how the deployment went.";
}
