using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Policies;
using DeliveryBot.Teams.Cards.Templating;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;

namespace DeliveryBot.Teams.Cards.Views;

/// <summary>A reminder to whoever holds a pending gate check (cards/nudge.json). Focus: the check's key.</summary>
internal sealed class NudgeCard : IDeliveryCard
{
    public sealed record View(
        CardHeader Header,
        string Question,
        string Holders,
        string Since,
        bool Decided,
        string? Decision,
        bool Plain,
        string Button,
        string Where);

    /// <summary>Checks answered with more than a click, and the card that answers them.</summary>
    private static readonly Dictionary<string, string> OwnCards = new(StringComparer.Ordinal)
    {
        [Checks.QaPass.Key] = "Answer it on the QA card: PASS, or FAIL with a failure report.",
        [Checks.ClientReceipt.Key] = "Answer it on the client acknowledgement card.",
        [Checks.ReviewComplete.Key] = "Complete it on the review card.",
    };

    public string Template => Templates.Nudge;

    public bool Accepts(string focus) => FindCheck(focus) is not null;

    /// <summary>Its one button, where it has one, acknowledges the check it nudges about.</summary>
    public IReadOnlyList<Subject> AsksAbout(string focus)
        => FindCheck(focus) is { } check ? Delivery.AsksAbout(check) : Subject.All;

    public DataObject Draw(Delivery delivery, string focus, CardContext context)
    {
        var check = FindCheck(focus)!;
        return CardText.Data(new View(
            Header: CardText.Header(delivery, check.Stage, "This is waiting for you."),
            Question: check.Question,
            Holders: CardText.Holders(delivery, check.Role, context.Now),
            Since: GateRequests.OpenSince(delivery, check) is { } since ? delivery.Time(since) : "—",
            Decided: delivery.DecisionFor(check) is not null,
            Decision: CardText.Decision(delivery, check),
            Plain: !OwnCards.ContainsKey(check.Key),
            Button: "Acknowledge",
            Where: OwnCards.GetValueOrDefault(check.Key, "")));
    }

    public IReadOnlyList<Person> Actors(Delivery delivery, string focus, DateTimeOffset now)
        => CardText.ActorsWhileOpen(delivery, FindCheck(focus)!, now);

    public bool IsOver(Delivery delivery, string focus)
        => FindCheck(focus) is not { } check || CardLifecycle.StageOver(delivery, check.Stage);
}
