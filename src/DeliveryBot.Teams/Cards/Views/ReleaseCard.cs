using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;
using DeliveryBot.Teams.Cards.Templating;
using DeliveryBot.Teams.Wording;

namespace DeliveryBot.Teams.Cards.Views;

/// <summary>
/// Release readiness (cards/release.json), from QA until deployment starts: the seed's exit criteria with whose each
/// is, confirmed several at once by their owners; the go/no-go due date and each decider's decision; in the DM's and
/// the client contact's own view, Go and No-go (with its reason), and for the DM, the client's decision recorded with
/// its evidence. The shared copy shows where it stands; each person acts in their own view.
/// </summary>
internal sealed class ReleaseCard : IDeliveryCard
{
    /// <summary>The checkboxes' input: the submission carries the criteria ticked in it.</summary>
    public const string Input = "met";

    public sealed record Criterion(string Name, string Mark, string Title);

    public sealed record View(
        CardHeader Header,
        IReadOnlyList<Fact> Facts,
        string Progress,
        IReadOnlyList<Criterion> Criteria,
        IReadOnlyList<Criterion> Choices,
        string Met,
        bool Confirming,
        bool Deciding,
        string DecidingAs,
        bool RecordsClient,
        bool Approved,
        bool Open);

    public string Template => Templates.Release;

    public bool Accepts(string focus) => focus.Length == 0;

    /// <summary>
    /// The exit criteria and the go/no-go decisions, and what a go is held by (the blockers, the stage).
    /// </summary>
    public IReadOnlyList<Subject> AsksAbout(string focus) => Asks;

    private static readonly IReadOnlyList<Subject> Asks =
        Delivery.AsksAbout(new ConfirmExitCriteria([]), new DecideGoNoGo(Role.DeliveryManager, Go: true));

    public DataObject Draw(Delivery delivery, string focus, CardContext context)
    {
        var open = IsOpen(delivery);
        var viewer = context.Viewer;
        bool Holds(Role role) => viewer is not null && delivery.Holds(viewer, role, context.Now);
        // what the viewer may tick: their own criteria in their view, every one on the shared copy (the domain
        // says whose each is)
        var choices = ExitCriteria.All.Where(c => viewer is null || Holds(c.Owner)).ToList();
        var ready = delivery.OpenExitCriteria.Count == 0
            && delivery.OpenBlockerOf(Stage.DeploymentCoordination) is null;
        // the client contact decides as the client when they also hold the DM role (the last decider listed)
        var decidingAs = ExitCriteria.Deciders
            .Where(r => Holds(r) && delivery.GoNoGoOf(r) is null)
            .Select(r => (Role?)r)
            .LastOrDefault();
        var inStage5 = delivery.IsActive(Stage.DeploymentCoordination);
        return CardText.Data(new View(
            Header: CardText.Header(delivery, delivery.CurrentStage, Yours(delivery, choices, decidingAs, ready)),
            Facts:
            [
                new("Go/no-go due", delivery.GoNoGoDate is { } due
                    ? $"{CardText.Date(due)} (the business day before the window opens)"
                    : "once the deployment window is confirmed"),
                new("Decision", delivery.ReleaseApproved
                    ? "✅ go: the deployment may start"
                    : $"round {delivery.GoNoGoRound}, not decided"),
                .. ExitCriteria.Deciders.Select(r => new Fact(r.Title(), Decision(delivery, r))),
            ],
            Progress: $"Exit criteria: {ExitCriteria.All.Count - delivery.OpenExitCriteria.Count} of "
                + $"{ExitCriteria.All.Count} met",
            Criteria: [.. ExitCriteria.All.Select(c => Of(delivery, c))],
            Choices: [.. choices.Select(c => Of(delivery, c))],
            Met: string.Join(",", choices.Where(delivery.IsMet).Select(c => c.Name)),
            Confirming: open && !delivery.ReleaseApproved && choices.Count > 0,
            Deciding: open && inStage5 && ready && decidingAs is not null,
            DecidingAs: decidingAs?.ToString() ?? "",
            RecordsClient: open && inStage5 && ready && Holds(Role.DeliveryManager)
                && !Holds(Role.ClientContact) && delivery.GoNoGoOf(Role.ClientContact) is null,
            Approved: delivery.ReleaseApproved,
            Open: open));
    }

    /// <summary>The owners of open criteria and the deciders still owing a decision, until deployment starts.</summary>
    public IReadOnlyList<Person> Actors(Delivery delivery, string focus, DateTimeOffset now)
        => IsOpen(delivery)
            ? [.. delivery.OpenExitCriteria.Select(c => c.Owner)
                .Concat(ExitCriteria.Deciders.Where(r => delivery.GoNoGoOf(r) is null))
                .Distinct()
                .SelectMany(r => delivery.ActorsFor(r, now))
                .DistinctBy(p => p.Key)]
            : [];

    public bool IsOver(Delivery delivery, string focus)
        => CardLifecycle.StageOver(delivery, Stage.DeploymentCoordination)
            || delivery.State.Milestones[(int)Milestone.DeploymentStart].Actual is not null;

    private static bool IsOpen(Delivery delivery)
        => (delivery.IsActive(Stage.QaGate) || delivery.IsActive(Stage.DeploymentCoordination))
            && delivery.State.Milestones[(int)Milestone.DeploymentStart].Actual is null;

    private static Criterion Of(Delivery delivery, ExitCriterion c)
        => delivery.LastMark(c) is { Met: true } m
            ? new(c.Name, "☑", $"{c.Name} · {c.Owner.Title()} · {m.By}, {delivery.Time(m.At)}")
            : new(c.Name, "☐", $"{c.Name} · {c.Owner.Title()}");

    private static string Decision(Delivery delivery, Role decider)
        => delivery.GoNoGoOf(decider) is { } d
            ? $"{(d.Go ? "go" : "no-go")} by {d.By}{(d.Evidence is null ? "" : " for the client")}, "
                + delivery.Time(d.At)
            : delivery.State.GoNoGoDecisions.FindLast(x => x.As == decider && !x.Go) is { } last
                ? $"not decided this round (no-go in round {last.Round}: {Bounded.Cut(last.Reason ?? "")})"
                : "not decided";

    private static string Yours(Delivery delivery, List<ExitCriterion> mine, Role? decidingAs, bool ready)
    {
        var open = mine.Count(c => !delivery.IsMet(c));
        if (open > 0) return $"Confirm your exit criteria as they are met ({open} open).";
        if (decidingAs is not null && ready) return "Every exit criterion is met: decide go or no-go for the release.";
        return delivery.ReleaseApproved
            ? "The release is approved: the Deployment Specialist starts the deployment."
            : "Waiting for the exit criteria and the go/no-go.";
    }
}
