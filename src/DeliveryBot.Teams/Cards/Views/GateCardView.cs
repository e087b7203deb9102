using System.Text.Json;
using System.Text.Json.Nodes;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.People;

namespace DeliveryBot.Teams.Cards.Views;

/// <summary>What a gate card (cards/gate.json) shows: the question, who must answer, and the decision once taken.</summary>
public sealed record GateCardView(
    string DeliveryId, string Client, string Talent, int StageNumber, string Stage, string Gate, string Question, string Holders,
    string ActionTitle, bool Decided, string? Decision, string? Note, long Version)
{
    public static GateCardView From(Delivery delivery, GateCheck check, DateTimeOffset now, string? note = null)
    {
        var decision = delivery.DecisionFor(check);
        var holders = delivery.ActorsFor(check.Role, now);
        return new GateCardView(
            delivery.Id, delivery.State.Client, delivery.State.DigitalTalent, (int)check.Stage, check.Stage.Title(), check.Key, check.Question,
            $"{(holders.Count == 0 ? "nobody yet" : string.Join(", ", holders.Select(p => p.DisplayName)))} ({check.Role.Title()})",
            "Acknowledge", decision is not null,
            decision is null ? null : $"{check.DoneVerb} by {decision.By} at {delivery.Time(decision.At)}",
            note, delivery.Version);
    }

    public JsonNode ToData() => JsonSerializer.SerializeToNode(this, CardJson.Options)!;
}
