using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.People;
using DeliveryBot.Teams.Cards.Templating;

namespace DeliveryBot.Teams.Cards.Views;

/// <summary>
/// What a gate card (cards/gate.json) shows: the question, who must answer, and the decision once taken.
/// </summary>
internal sealed record GateCardView(
    string Client,
    string Talent,
    int StageNumber,
    string Stage,
    string Question,
    string Holders,
    string ActionTitle,
    bool Decided,
    string? Decision)
{
    public static GateCardView From(Delivery delivery, GateCheck check, DateTimeOffset now)
    {
        var decision = delivery.DecisionFor(check);
        return new GateCardView(
            Client: delivery.State.Client,
            Talent: delivery.State.DigitalTalent,
            StageNumber: (int)check.Stage,
            Stage: check.Stage.Title(),
            Question: check.Question,
            Holders: CardText.Holders(delivery, check.Role, now),
            ActionTitle: "Acknowledge",
            Decided: decision is not null,
            Decision: decision is null ? null : $"{check.DoneVerb} by {decision.By} at {delivery.Time(decision.At)}");
    }
}

/// <summary>The gate card: focus is the gate check's key.</summary>
internal sealed class GateCard : IDeliveryCard
{
    public string Template => Templates.Gate;

    public bool Accepts(string focus) => StageCatalog.FindCheck(focus) is not null;

    /// <summary>Its one button acknowledges its check.</summary>
    public IReadOnlyList<Subject> AsksAbout(string focus)
        => StageCatalog.FindCheck(focus) is { } check ? Delivery.AsksAbout(check) : Subject.All;

    public DataObject Draw(Delivery delivery, string focus, CardContext context)
        => CardText.Data(GateCardView.From(delivery, Check(focus), context.Now));

    public IReadOnlyList<Person> Actors(Delivery delivery, string focus, DateTimeOffset now)
        => delivery.DecisionFor(Check(focus)) is null ? delivery.ActorsFor(Check(focus).Role, now) : [];

    public bool IsOver(Delivery delivery, string focus) => CardLifecycle.StageOver(delivery, Check(focus).Stage);

    private static GateCheck Check(string focus)
        => StageCatalog.FindCheck(focus) ?? throw new InvalidOperationException($"'{focus}' is not a gate check.");
}
