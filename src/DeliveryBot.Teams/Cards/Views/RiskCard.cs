using System.Text.Json.Nodes;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Teams.Cards.Views;

/// <summary>
/// The risk register (cards/risk.json, posted by `risk &lt;id&gt;`): the open risks with likelihood, impact and
/// mitigation, each with its Close button for the DM; the closed ones below; a form to add one (the DM or the PLA).
/// </summary>
public sealed class RiskCard : IDeliveryCardView
{
    public sealed record Row(string Id, string Description, string Rating, string Mitigation, string Raised);

    public sealed record Closed(string Text);

    public sealed record View(CardHeader Header, IReadOnlyList<Row> Open, IReadOnlyList<Closed> Closed, IReadOnlyList<string> Levels, bool CanClose);

    public string Template => "risk";

    public bool Accepts(string focus) => focus.Length == 0;

    public JsonObject Draw(Delivery delivery, string focus, CardContext context)
    {
        var risks = delivery.State.Risks;
        return CardText.Data(new View(
            CardText.Header(delivery, delivery.CurrentStage, "Keep the register current: add what could hurt the delivery, close what no longer can."),
            [.. risks.Where(r => r.IsOpen).Select(r => new Row(r.Id, r.Description, $"Likelihood {r.Likelihood} · impact {r.Impact}", r.Mitigation,
                $"Raised by {r.RaisedBy} at {delivery.Time(r.RaisedAt)}{(r.ConcernsClient ? " · shared with the client in status updates" : "")}"))],
            [.. risks.Where(r => !r.IsOpen).Select(r => new Closed($"{r.Id}: {r.Description} (closed {delivery.Time(r.ClosedAt!.Value)})"))],
            Enum.GetNames<Level>(),
            !delivery.IsClosed && (context.Viewer is not { } viewer || delivery.Holds(viewer, Role.DeliveryManager, context.Now))));
    }

    /// <summary>The DM and the PLA add risks (only the DM closes them: see <see cref="View.CanClose"/>).</summary>
    public IReadOnlyList<Person> Actors(Delivery delivery, string focus, DateTimeOffset now)
        => delivery.IsClosed ? [] : [.. delivery.ActorsFor(Role.DeliveryManager, now), .. delivery.ActorsFor(Role.ProductionLineArchitect, now)];
}
