using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using DeliveryBot.Teams.Cards.Templating;
using DeliveryBot.Teams.Wording;

namespace DeliveryBot.Teams.Cards.Views;

/// <summary>
/// The risk register (cards/risk.json, posted by `risk &lt;id&gt;`): the open risks with likelihood, impact and
/// mitigation, each with its Close button for the DM; the closed ones below; a form to add one (the DM or the PLA).
/// </summary>
internal sealed class RiskCard : IDeliveryCard
{
    public sealed record Row(string Id, string Description, string Rating, string Mitigation, string Raised);

    public sealed record Closed(string Text);

    public sealed record View(
        CardHeader Header,
        IReadOnlyList<Row> Open,
        IReadOnlyList<Closed> Closed,
        IReadOnlyList<string> Levels,
        bool CanClose)
    {
        /// <summary>How many open risks are not listed ('' when all are): the worst are listed first.</summary>
        public string MoreOpen { get; init; } = "";

        /// <summary>How many closed risks are not listed ('' when all are): the latest are listed.</summary>
        public string MoreClosed { get; init; } = "";
    }

    public string Template => Templates.Risk;

    public bool Accepts(string focus) => focus.Length == 0;

    public IReadOnlyList<Subject> AsksAbout(string focus) => Asks;

    /// <summary>Its buttons add and close risks: the register is all they ask about.</summary>
    private static readonly IReadOnlyList<Subject> Asks = Delivery.AsksAbout(new CloseRisk("R1"));

    public DataObject Draw(Delivery delivery, string focus, CardContext context)
    {
        var open = delivery.OpenRisksWorstFirst();
        var closed = delivery.State.Risks.Where(r => !r.IsOpen).Reverse().ToList();
        var id = delivery.Id;
        return CardText.Data(new View(
            Header: CardText.Header(
                delivery,
                delivery.CurrentStage,
                "Keep the register current: add what could hurt the delivery, close what no longer can."),
            Open: [.. Bounded.First(open).Select(r => new Row(
                Id: r.Id,
                Description: Bounded.Cut(r.Description),
                Rating: $"Likelihood {r.Likelihood} · impact {r.Impact}",
                Mitigation: Bounded.Cut(r.Mitigation),
                Raised: $"Raised by {r.RaisedBy} at {delivery.Time(r.RaisedAt)}"
                    + $"{(r.ConcernsClient ? " · shared with the client in status updates" : "")}"))],
            Closed: [.. Bounded.First(closed).Select(r => new Closed(
                $"{r.Id}: {Bounded.Cut(r.Description)} (closed {delivery.Time(r.ClosedAt!.Value)})"))],
            Levels: Enum.GetNames<Level>(),
            CanClose: !delivery.IsClosed
                && (context.Viewer is not { } viewer || delivery.Holds(viewer, Role.DeliveryManager, context.Now)))
        {
            MoreOpen = Bounded.More(
                open.Count, $"close the ones that no longer threaten the delivery; `record {id}` lists them all"),
            MoreClosed = Bounded.More(closed.Count, "record", id),
        });
    }

    /// <summary>The DM and the PLA add risks (only the DM closes them: see <see cref="View.CanClose"/>).</summary>
    public IReadOnlyList<Person> Actors(Delivery delivery, string focus, DateTimeOffset now)
        => delivery.IsClosed
            ? []
            :
            [
                .. delivery.ActorsFor(Role.DeliveryManager, now),
                .. delivery.ActorsFor(Role.ProductionLineArchitect, now),
            ];
}
