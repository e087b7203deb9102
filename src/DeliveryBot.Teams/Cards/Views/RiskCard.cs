using System.Text.Json.Nodes;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Teams.Cards.Views;

/// <summary>The risk register (cards/risk.json): open and closed risks, add one, close one.</summary>
public sealed class RiskCard : IDeliveryCardView
{
    public sealed record Row(string Id, string Description, string Likelihood, string Impact, string Mitigation, string State, bool Open);

    public sealed record View(CardHeader Header, IReadOnlyList<Row> Risks, IReadOnlyList<string> Levels);

    public string Template => "risk";

    public bool Accepts(string focus) => focus.Length == 0;

    public JsonObject Draw(Delivery delivery, string focus, CardContext context)
        => CardText.Data(new View(
            CardText.Header(delivery, delivery.CurrentStage, "Keep the register current: add what could hurt the delivery, close what no longer can."),
            [.. delivery.State.Risks.Select(r => new Row(r.Id, r.Description, r.Likelihood.ToString(), r.Impact.ToString(), r.Mitigation,
                (r.IsOpen ? "Open" : $"Closed {delivery.Time(r.ClosedAt!.Value)}") + $" · raised by {r.RaisedBy}{(r.ConcernsClient ? " · shared with the client" : "")}", r.IsOpen))],
            Enum.GetNames<Level>()));

    public IReadOnlyList<Person> Actors(Delivery delivery, string focus, DateTimeOffset now)
        => delivery.IsClosed ? [] : [.. delivery.ActorsFor(Role.DeliveryManager, now), .. delivery.ActorsFor(Role.ProductionLineArchitect, now)];
}
