using System.Text.Json.Nodes;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;

namespace DeliveryBot.Teams.Cards.Views;

/// <summary>
/// Stage 2, for the PLA or the Deployment Specialist (cards/schedule.json): the schedule's targets as they stand, each
/// with its acceptable delay, to acknowledge. Focus: the check.
/// </summary>
internal sealed class ScheduleCard : IDeliveryCard
{
    public sealed record View(
        CardHeader Header,
        string Question,
        string Holders,
        IReadOnlyList<Fact> Targets,
        bool Open,
        bool Decided,
        string? Decision,
        string Waiting);

    public string Template => Templates.Schedule;

    public bool Accepts(string focus)
        => focus == Checks.ScheduleAcknowledgedByPla.Key || focus == Checks.ScheduleAcknowledgedByDeployment.Key;

    public JsonObject Draw(Delivery delivery, string focus, CardContext context)
    {
        var check = FindCheck(focus)!;
        var open = Domain.Policies.GateRequests.OpenSince(delivery, check) is not null;
        var planned = delivery.State.Schedule?.Targets().Select(t => t.Milestone).ToHashSet() ?? [];
        return CardText.Data(new View(
            Header: CardText.Header(
                delivery, Stage.DeliveryPlanning, "Acknowledge the schedule if you can deliver your part of it."),
            Question: check.Question,
            Holders: CardText.Holders(delivery, check.Role, context.Now),
            Targets: [.. delivery.State.Milestones
                .Where(m => planned.Contains(m.Milestone) && m.Target is not null)
                .Select(m => new Fact(
                    m.Milestone.Title(), $"{CardText.Date(m.Target)} ({m.AcceptableDelayDays} business days' grace)"))],
            Open: open,
            Decided: delivery.DecisionFor(check) is not null,
            Decision: CardText.Decision(delivery, check),
            Waiting: open ? "Waiting for an acknowledgement." : "The schedule has not been shared yet."));
    }

    public IReadOnlyList<Person> Actors(Delivery delivery, string focus, DateTimeOffset now)
        => CardText.ActorsWhileOpen(delivery, FindCheck(focus)!, now);

    public bool IsOver(Delivery delivery, string focus)
        => FindCheck(focus) is not { } check || CardLifecycle.StageOver(delivery, check.Stage);
}
