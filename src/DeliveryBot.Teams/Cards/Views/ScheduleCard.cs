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
/// The schedule's targets as they stand (cards/schedule.json), with the moves since it was planned. Focus: a schedule
/// check, for the PLA or the Deployment Specialist to acknowledge it in stage 2 (each target with its acceptable
/// delay); <see cref="Revised"/>, for them to acknowledge it again after the DM moved a date; <see cref="Shared"/>,
/// every other stakeholder's copy, for information only (no buttons, no acceptable delays, no reasons).
/// </summary>
internal sealed class ScheduleCard : IDeliveryCard
{
    public const string Shared = "shared";
    public const string Revised = "revised";

    public sealed record View(
        CardHeader Header,
        string Question,
        string Holders,
        IReadOnlyList<Fact> Targets,
        bool Open,
        bool Decided,
        string? Decision,
        string Waiting,
        bool Revision,
        IReadOnlyList<string> Moves,
        string MoreMoves);

    public string Template => Templates.Schedule;

    public bool Accepts(string focus)
        => focus == Checks.ScheduleAcknowledgedByPla.Key || focus == Checks.ScheduleAcknowledgedByDeployment.Key
            || focus is Shared or Revised;

    /// <summary>
    /// A schedule check's card, its gate's acknowledgement; the revised schedule's, the acknowledgement of it; the
    /// shared copy has no buttons.
    /// </summary>
    public IReadOnlyList<Subject> AsksAbout(string focus) => focus switch
    {
        Shared => [],
        Revised => Delivery.AsksAbout(new AcknowledgeRevisedSchedule()),
        _ => Delivery.AsksAbout(new AcknowledgeGate(focus)),
    };

    public DataObject Draw(Delivery delivery, string focus, CardContext context) => focus switch
    {
        Shared => DrawShared(delivery),
        Revised => DrawRevised(delivery, context),
        _ => DrawCheck(delivery, FindCheck(focus)!, context),
    };

    private static ViewObject DrawCheck(Delivery delivery, GateCheck check, CardContext context)
    {
        var open = Domain.Policies.GateRequests.OpenSince(delivery, check) is not null;
        return CardText.Data(new View(
            Header: CardText.Header(
                delivery, Stage.DeliveryPlanning, "Acknowledge the schedule if you can deliver your part of it."),
            Question: check.Question,
            Holders: CardText.Holders(delivery, check.Role, context.Now),
            Targets: Targets(delivery, withDelays: true),
            Open: open,
            Decided: delivery.DecisionFor(check) is not null,
            Decision: CardText.Decision(delivery, check),
            Waiting: open ? "Waiting for an acknowledgement." : "The schedule has not been shared yet.",
            Revision: false,
            Moves: [],
            MoreMoves: ""));
    }

    private static ViewObject DrawShared(Delivery delivery)
    {
        var s = delivery.State;
        var moves = s.MilestoneMoves;
        return CardText.Data(new View(
            Header: CardText.Header(delivery, delivery.CurrentStage),
            Question: "The delivery schedule",
            Holders: "everyone on the delivery, for information: nothing to do",
            Targets: Targets(delivery, withDelays: false),
            Open: false,
            Decided: false,
            Decision: null,
            Waiting: s.SchedulePublishedAt is { } at
                ? $"Shared at {delivery.Time(at)}; this card shows the dates as they stand."
                : "The schedule is being re-planned.",
            Revision: false,
            Moves: [.. Last(moves).Select(m => $"{Moved(delivery, m)}.")],
            MoreMoves: More(delivery, moves.Count)));
    }

    private static ViewObject DrawRevised(Delivery delivery, CardContext context)
    {
        var owing = Delivery.ScheduleAcknowledgers.Where(r => delivery.UnacknowledgedMove(r) is not null).ToList();
        var acknowledged = Delivery.ScheduleAcknowledgers
            .Select(r => delivery.LastRevisedScheduleAcknowledgement(r))
            .OfType<RevisedScheduleAcknowledgement>()
            .Where(a => delivery.UnacknowledgedMove(a.Role) is null)
            .Select(a => $"{a.Role.Title()}: {a.By} at {delivery.Time(a.At)}")
            .ToList();
        var moves = delivery.State.MilestoneMoves.Where(m => m.NeedsAcknowledgement).ToList();
        var viewerOwes = context.Viewer is { } viewer
            && owing.Any(r => delivery.Holds(viewer, r, context.Now));
        return CardText.Data(new View(
            Header: CardText.Header(
                delivery,
                delivery.CurrentStage,
                viewerOwes ? "The DM moved a date: acknowledge the revised schedule if you can still deliver it." : ""),
            Question: "Can you still deliver your part of the revised schedule?",
            Holders: string.Join(
                " and ", Delivery.ScheduleAcknowledgers.Select(r => CardText.Holders(delivery, r, context.Now))),
            Targets: Targets(delivery, withDelays: true),
            Open: owing.Count > 0,
            Decided: owing.Count == 0 && acknowledged.Count > 0,
            Decision: acknowledged.Count > 0
                ? $"Revised schedule acknowledged by {string.Join("; ", acknowledged)}"
                : null,
            Waiting: owing.Count == 0 ? "Nothing has moved since the schedule was acknowledged."
                : $"Waiting for {string.Join(" and ", owing.Select(r => CardText.Holders(delivery, r, context.Now)))}."
                    + (acknowledged.Count > 0 ? $" Acknowledged: {string.Join("; ", acknowledged)}." : ""),
            Revision: true,
            Moves: [.. Last(moves).Select(m => $"{Moved(delivery, m)}: {Bounded.Cut(m.Reason)}")],
            MoreMoves: More(delivery, moves.Count)));
    }

    /// <summary>The planned milestones' targets as they stand now.</summary>
    private static IReadOnlyList<Fact> Targets(Delivery delivery, bool withDelays)
    {
        var planned = delivery.State.Schedule?.Targets().Select(t => t.Milestone).ToHashSet() ?? [];
        return [.. delivery.State.Milestones
            .Where(m => planned.Contains(m.Milestone) && m.Target is not null)
            .Select(m => new Fact(
                m.Milestone.Title(),
                withDelays
                    ? $"{CardText.Date(m.Target)} ({m.AcceptableDelayDays} business days' grace)"
                    : CardText.Date(m.Target)))];
    }

    private static IEnumerable<MilestoneMove> Last(IReadOnlyCollection<MilestoneMove> moves)
        => moves.Skip(Math.Max(0, moves.Count - Bounded.Rows));

    private static string More(Delivery delivery, int count)
        => Bounded.More(count, $"`record {delivery.Id}` lists every change");

    private static string Moved(Delivery delivery, MilestoneMove m)
        => $"{delivery.Time(m.At)} {m.Milestone.Title()} moved"
            + (m.From is { } from ? $" from {CardText.Date(from)}" : "")
            + $" to {CardText.Date(m.To)} by {m.By}";

    public IReadOnlyList<Person> Actors(Delivery delivery, string focus, DateTimeOffset now) => focus switch
    {
        Shared => [],
        Revised => [.. Delivery.ScheduleAcknowledgers
            .Where(r => delivery.UnacknowledgedMove(r) is not null)
            .SelectMany(r => delivery.ActorsFor(r, now))
            .DistinctBy(p => p.Key)],
        _ => CardText.ActorsWhileOpen(delivery, FindCheck(focus)!, now),
    };

    public bool IsOver(Delivery delivery, string focus) => focus switch
    {
        Shared or Revised => delivery.IsClosed,
        _ => FindCheck(focus) is not { } check || CardLifecycle.StageOver(delivery, check.Stage),
    };
}
