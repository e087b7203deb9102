using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Policies;
using DeliveryBot.Teams.Cards.Templating;

namespace DeliveryBot.Teams.Cards.Views;

/// <summary>The closing quality gate, for the DM (cards/close.json): what is still missing, and Close.</summary>
internal sealed class CloseCard : IDeliveryCard
{
    public sealed record View(CardHeader Header, IReadOnlyList<string> Missing, string Closed);

    public string Template => Templates.Close;

    public bool Accepts(string focus) => focus.Length == 0;

    public DataObject Draw(Delivery delivery, string focus, CardContext context)
        => CardText.Data(new View(
            CardText.Header(delivery, delivery.CurrentStage, "Close the record once the quality gate holds."),
            delivery.IsClosed ? [] : QualityGate.Missing(delivery),
            delivery.IsClosed ? $"Closed at {delivery.Time(delivery.State.ClosedAt!.Value)}." : ""));

    public IReadOnlyList<Person> Actors(Delivery delivery, string focus, DateTimeOffset now)
        => delivery.IsClosed ? [] : delivery.ActorsFor(Role.DeliveryManager, now);
}
