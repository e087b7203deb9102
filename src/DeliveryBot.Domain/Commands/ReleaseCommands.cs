using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Domain.Commands;

/// <summary>
/// Exit criteria confirmed met (or withdrawn) by their owners, several at once, from stage 4 (QA sees the bugs and
/// the benchmarks there) until the go is given. Each criterion only by the role that owns it (or its delegate).
/// </summary>
public sealed record ConfirmExitCriteria(IReadOnlyList<string> Met, IReadOnlyList<string>? NotMet = null)
    : DeliveryCommand
{
    public override string Action => "confirm-exit-criteria";

    internal override string? AlreadyDecided(Delivery delivery)
    {
        if (!Open(delivery)) return null; // elsewhere the stage's own refusal says why nothing changed
        var (met, notMet, unknown) = Resolve();
        return unknown.Count == 0 && met.Count + notMet.Count > 0 && !met.Intersect(notMet).Any()
            && met.All(delivery.IsMet) && !notMet.Any(delivery.IsMet)
                ? $"The exit criteria already stand as asked ({Done(delivery)}); nothing changed."
                : null;
    }

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        if (!Open(delivery))
            throw new RuleViolation(
                "Exit criteria are confirmed during QA or deployment coordination (stages 4 and 5); the delivery is at "
                + $"stage {(int)delivery.CurrentStage} ({delivery.CurrentStage.Title()}).");
        if (delivery.ReleaseApproved)
            throw new RuleViolation(
                "The go was given: the exit criteria stand as they were then. A no-go would reopen them.");
        var (met, notMet, unknown) = Resolve();
        if (unknown.Count > 0)
            throw new RuleViolation(
                $"{string.Join(", ", unknown.Select(u => $"'{u}'"))} {(unknown.Count == 1 ? "is" : "are")} not an "
                + $"exit criterion; they are: {string.Join(", ", ExitCriteria.All.Select(c => c.Name))}.");
        if (met.Count + notMet.Count == 0) throw new RuleViolation("Name the exit criteria that are met.");
        if (met.Intersect(notMet).FirstOrDefault() is { } both)
            throw new RuleViolation($"'{both.Name}' cannot be met and not met at once.");
        if (met.Concat(notMet).FirstOrDefault(c => !delivery.Holds(meta.Actor, c.Owner, meta.At)) is { } other)
            throw new NotPermitted(
                $"'{other.Name}' is confirmed by {delivery.WhoCanAct([other.Owner], meta.At)}, not by {meta.Actor}.");
        var changed = met.Where(c => !delivery.IsMet(c)).Select(c => (c, true))
            .Concat(notMet.Where(delivery.IsMet).Select(c => (c, false)))
            .ToList();
        delivery.Change(s => s with
        {
            ExitCriteriaMarks = s.ExitCriteriaMarks.AddRange(
                changed.Select(x => new ExitCriterionMark(x.c.Name, x.Item2, meta.Actor, meta.At))),
        });
        var what = string.Join("; ", changed.Select(x => $"{x.c.Name}: {(x.Item2 ? "met" : "not met")}"));
        return $"Exit criteria, by {meta.Actor}: {what}. {Done(delivery)}.";
    }

    private static bool Open(Delivery delivery)
        => delivery.IsActive(Lifecycle.Stage.QaGate) || delivery.IsActive(Lifecycle.Stage.DeploymentCoordination);

    private static string Done(Delivery delivery)
        => $"{ExitCriteria.All.Count - delivery.OpenExitCriteria.Count} of {ExitCriteria.All.Count} met";

    private (List<ExitCriterion> Met, List<ExitCriterion> NotMet, List<string> Unknown) Resolve()
    {
        var (met, unknownMet) = NamedItems.Resolve(Met, ExitCriteria.Find);
        var (notMet, unknownNotMet) = NamedItems.Resolve(NotMet, ExitCriteria.Find);
        return (met, notMet, [.. unknownMet, .. unknownNotMet]);
    }
}

/// <summary>
/// Stage 5: the go/no-go, decided by the DM (the seed's Release Manager) and the client contact (its Product Owner),
/// or by the DM for the client with the evidence of how the client decided. A go needs every exit criterion met and
/// no no-go blocker open; a no-go needs its reason, becomes a blocker, and ends the round.
/// </summary>
public sealed record DecideGoNoGo(Role As, bool Go, string? Reason = null, string? Evidence = null) : DeliveryCommand
{
    public override string Action => Go ? "go" : "no-go";

    internal override string? AlreadyDecided(Delivery delivery)
        => delivery.GoNoGoOf(As) is { } given
            ? $"The {As.Title()}'s {(given.Go ? "go" : "no-go")} was already given by {given.By} at "
                + $"{delivery.Time(given.At)}."
            : null;

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        if (!ExitCriteria.Deciders.Contains(As))
            throw new RuleViolation("The go/no-go is decided by the Delivery Manager and the Client Contact.");
        var forClient = As == Role.ClientContact && !delivery.Holds(meta.Actor, Role.ClientContact, meta.At);
        if (forClient)
        {
            if (!delivery.Holds(meta.Actor, Role.DeliveryManager, meta.At))
                throw new NotPermitted(
                    $"Only {delivery.WhoCanAct([Role.ClientContact], meta.At)} can decide for the client, or "
                    + $"{delivery.WhoCanAct([Role.DeliveryManager], meta.At)} can record their decision with its "
                    + "evidence.");
        }
        else delivery.Require(meta, As);
        delivery.RequireActive(Stage.DeploymentCoordination);
        if (delivery.State.Milestones[(int)Milestones.Milestone.DeploymentStart].Actual is { } started)
            throw new RuleViolation($"Deployment already started on {started:yyyy-MM-dd}: the go/no-go is past.");
        var evidence = forClient
            ? UserText.Required(Evidence, "How the client gave their decision (date, channel, their words)",
                UserText.Paragraph)
            : null;
        var round = delivery.GoNoGoRound;
        if (!Go)
        {
            var reason = UserText.Required(Reason, "The reason for the no-go", UserText.Paragraph);
            var blocker = delivery.AddBlocker($"No-go (round {round}): {reason}", impact: null, meta);
            delivery.Change(s => s with
            {
                GoNoGoDecisions = s.GoNoGoDecisions.Add(new GoNoGoDecision(
                    round, As, Go: false, meta.Actor, meta.At, reason, evidence, blocker.Id)),
            });
            return $"No-go for the {As.Title()} by {meta.Actor}: {reason} Blocker {blocker.Id} holds the "
                + "deployment; once it is resolved, the go/no-go is decided again.";
        }
        if (delivery.OpenExitCriteria.Count > 0)
            throw new RuleViolation($"Go: not yet. {delivery.ExitCriteriaOpen()}");
        if (delivery.OpenBlockerOf(Stage.DeploymentCoordination) is { } open)
            throw new RuleViolation($"Go: not yet. Blocker {open.Id} is still open: {open.Description}");
        delivery.Change(s => s with
        {
            GoNoGoDecisions = s.GoNoGoDecisions.Add(new GoNoGoDecision(
                round, As, Go: true, meta.Actor, meta.At, Evidence: evidence)),
        });
        var by = forClient ? $"{meta.Actor} for the client" : $"{meta.Actor}";
        return delivery.ReleaseApproved
            ? $"Go for the {As.Title()} by {by}: the release is approved; the deployment may start."
            : $"Go for the {As.Title()} by {by}; the "
                + $"{ExitCriteria.Deciders.First(r => r != As).Title()}'s decision is still owed.";
    }
}
