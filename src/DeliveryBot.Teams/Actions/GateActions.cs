using System.Text.Json;
using DeliveryBot.Application.Deliveries;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Teams.Cards;
using DeliveryBot.Teams.Cards.Views;
using DeliveryBot.Teams.Commands;
using DeliveryBot.Teams.Protocol;
using DeliveryBot.Teams.Turns;

namespace DeliveryBot.Teams.Actions;

/// <summary>
/// What a gate card carries: the delivery, the gate check and the record version it was drawn from. Checked
/// before anything happens: a tampered or malformed payload changes nothing.
/// </summary>
internal sealed record GateCardData(string DeliveryId, GateCheck Check, long Version)
{
    public static GateCardData? Parse(JsonElement data)
    {
        if (data.ValueKind != JsonValueKind.Object) return null;
        var id = data.TryGetProperty("deliveryId", out var i) && i.ValueKind == JsonValueKind.String ? DeliveryIds.Parse(i.GetString()!) : null;
        var check = data.TryGetProperty("gate", out var g) && g.ValueKind == JsonValueKind.String ? StageCatalog.FindCheck(g.GetString()) : null;
        var version = data.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : (long?)null;
        return id is null || check is null || version is null ? null : new GateCardData(id, check, version.Value);
    }
}

/// <summary>gate.acknowledge: the holder of the gate's role acknowledges it. Everyone gets the card redrawn with the outcome.</summary>
public sealed class AcknowledgeGateAction(DeliveryService deliveries, CardTemplates cards, TimeProvider clock) : IBotCardAction
{
    public string Verb => "gate.acknowledge";

    public async Task<InvokeResponse> HandleAsync(TurnContext turn, JsonElement data, CancellationToken ct)
    {
        if (GateCardData.Parse(data) is not { } card) return CardActionRouter.Invalid("This card's data is not valid; nothing changed.");
        if (OutcomeText.Sender(turn.Activity) is not { } sender) return CardActionRouter.Invalid("I can't tell who clicked; nothing changed.");
        var result = await deliveries.ExecuteAsync(card.DeliveryId, new AcknowledgeGate(card.Check.Key), turn.Activity.Id ?? Guid.NewGuid().ToString("N"),
            sender, $"card:{Verb}", card.Version, ct);
        if (result.Delivery is null) return CardActionRouter.Invalid(result.Outcome.Message);
        var note = result.Outcome.Kind == OutcomeKind.Applied ? null : result.Outcome.Message;
        return GateCards.Response(cards, GateCardView.From(result.Delivery, card.Check, clock.GetUtcNow(), note));
    }
}

/// <summary>gate.refresh: the gate card as it stands now (Teams asks when the card is shown).</summary>
public sealed class RefreshGateAction(IDeliveryStore store, CardTemplates cards, TimeProvider clock) : IBotCardAction
{
    public string Verb => "gate.refresh";

    public async Task<InvokeResponse> HandleAsync(TurnContext turn, JsonElement data, CancellationToken ct)
    {
        if (GateCardData.Parse(data) is not { } card) return CardActionRouter.Invalid("This card's data is not valid.");
        var delivery = await store.FindAsync(card.DeliveryId, ct);
        return delivery is null
            ? CardActionRouter.Invalid($"There is no delivery {card.DeliveryId}.")
            : GateCards.Response(cards, GateCardView.From(delivery, card.Check, clock.GetUtcNow()));
    }
}

/// <summary>status.refresh: the living status card as it stands now.</summary>
public sealed class RefreshStatusAction(IDeliveryStore store, CardTemplates cards, TimeProvider clock) : IBotCardAction
{
    public string Verb => "status.refresh";

    public async Task<InvokeResponse> HandleAsync(TurnContext turn, JsonElement data, CancellationToken ct)
    {
        var id = data.ValueKind == JsonValueKind.Object && data.TryGetProperty("deliveryId", out var i) && i.ValueKind == JsonValueKind.String
            ? DeliveryIds.Parse(i.GetString()!) : null;
        if (id is null || await store.FindAsync(id, ct) is not { } delivery) return CardActionRouter.Invalid("This card's data is not valid.");
        return new InvokeResponse(200, CardActions.Card(cards.Render("status", StatusCardView.From(delivery, clock.GetUtcNow()).ToData())));
    }
}

internal static class GateCards
{
    public static InvokeResponse Response(CardTemplates cards, GateCardView view) => new(200, CardActions.Card(cards.Render("gate", view.ToData())));
}
