using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;
using DeliveryBot.Teams.Cards.Templating;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;

namespace DeliveryBot.Teams.Cards.Views;

/// <summary>Stage 3 gate, for the PLA (cards/production-complete.json): production complete.</summary>
internal sealed class ProductionCard : IDeliveryCard
{
    public sealed record View(
        CardHeader Header,
        string Holders,
        IReadOnlyList<Fact> Milestones,
        bool Open,
        bool Decided,
        string? Decision,
        string Waiting);

    public string Template => Templates.ProductionComplete;

    public bool Accepts(string focus) => focus.Length == 0;

    /// <summary>Its gate's acknowledgement: what "production complete" asks about.</summary>
    public IReadOnlyList<Subject> AsksAbout(string focus) => Asks;

    private static readonly IReadOnlyList<Subject> Asks =
        Delivery.AsksAbout(new AcknowledgeGate(Checks.ProductionComplete.Key));

    public DataObject Draw(Delivery delivery, string focus, CardContext context)
    {
        var open = Open(delivery);
        return CardText.Data(new View(
            Header: CardText.Header(
                delivery, Stage.ProductionTracking, "Confirm when production is complete: QA is asked next."),
            Holders: CardText.Holders(delivery, Role.ProductionLineArchitect, context.Now),
            Milestones: Milestones(delivery, context.Now),
            Open: open,
            Decided: delivery.DecisionFor(Checks.ProductionComplete) is not null,
            Decision: CardText.Decision(delivery, Checks.ProductionComplete),
            Waiting: open ? "Waiting for the Production Line Architect." : "Production has not started yet."));
    }

    public IReadOnlyList<Person> Actors(Delivery delivery, string focus, DateTimeOffset now)
        => Open(delivery) && delivery.DecisionFor(Checks.ProductionComplete) is null
            ? delivery.ActorsFor(Role.ProductionLineArchitect, now)
            : [];

    public bool IsOver(Delivery delivery, string focus)
        => CardLifecycle.StageOver(delivery, Stage.ProductionTracking);

    private static bool Open(Delivery delivery)
        => delivery.IsActive(Stage.ProductionTracking)
            && delivery.State.Milestones[(int)Milestone.ProductionStart].Actual is not null;

    public static IReadOnlyList<Fact> Milestones(Delivery delivery, DateTimeOffset now)
        => [.. delivery.MilestoneViews(now)
            .Where(v => v.Entry.Milestone is Milestone.ProductionStart or Milestone.ProductionComplete)
            .Select(v => new Fact(
                v.Entry.Milestone.Title(),
                $"target {CardText.Date(v.Entry.Target)}, actual {CardText.Date(v.Entry.Actual)}: {v.Label}"))];
}
