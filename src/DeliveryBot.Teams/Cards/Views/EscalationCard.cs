using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Teams.Cards.Views;

/// <summary>An escalation, for the CTO (cards/escalation.json): acknowledge it, resolve it. Focus: the escalation id (D12-E1).</summary>
public sealed partial class EscalationCard : IDeliveryCardView
{
    public sealed record View(CardHeader Header, string Id, string Issue, IReadOnlyList<Fact> Facts, string State, string Resolution);

    public string Template => "escalation";

    public bool Accepts(string focus) => EscalationId().IsMatch(focus);

    public JsonObject Draw(Delivery delivery, string focus, CardContext context)
    {
        var e = delivery.FindEscalation(focus);
        return CardText.Data(new View(
            CardText.Header(delivery, delivery.CurrentStage, "Acknowledge this escalation, then resolve it."),
            focus, e?.Issue ?? $"There is no escalation {focus} on {delivery.Id}.",
            e is null ? [] :
            [
                new("Raised", $"{delivery.Time(e.RaisedAt)} by {e.RaisedBy}"), new("Escalated to", e.EscalatedTo.DisplayName),
                new("Trigger", e.Trigger ?? "raised by hand"), new("State", e.State.ToString()),
                new("Acknowledged", e.AcknowledgedAt is { } at ? delivery.Time(at) : "not yet"),
            ],
            e?.State.ToString() ?? EscalationState.Resolved.ToString(),
            e is { Resolution: { } r } ? $"Resolved by {e.ResolvedBy} at {delivery.Time(e.ResolvedAt!.Value)}: {r}" : ""));
    }

    public IReadOnlyList<Person> Actors(Delivery delivery, string focus, DateTimeOffset now)
        => delivery.FindEscalation(focus) is { IsResolved: false } ? delivery.ActorsFor(Role.Cto, now) : [];

    [GeneratedRegex(@"^D\d{1,9}-E\d{1,4}$", RegexOptions.None, 100)]
    private static partial Regex EscalationId();
}
