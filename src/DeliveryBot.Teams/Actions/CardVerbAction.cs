using System.Text.Json;
using DeliveryBot.Application.Deliveries;
using DeliveryBot.Application.Messages;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Teams.Cards;
using DeliveryBot.Teams.Cards.Views;
using DeliveryBot.Teams.Commands;
using DeliveryBot.Teams.Protocol;
using DeliveryBot.Teams.Reports;
using DeliveryBot.Teams.Turns;

namespace DeliveryBot.Teams.Actions;

/// <summary>
/// The one pipeline behind every delivery card button: a malformed or tampered payload, an unknown clicker or a
/// problem with what was entered changes nothing and says why; otherwise the verb's command runs on the version the
/// card was drawn from (so a stale card, the wrong person or a second click are answered by the domain), and the
/// clicker gets the card redrawn, with a note when nothing changed. The activity id is the command id: a Teams retry
/// of the same invoke answers with the first outcome.
/// </summary>
internal sealed class CardVerbAction(
    ICardVerb verb,
    DeliveryService deliveries,
    IDeliveryStore store,
    CardDrawer cards,
    TimeProvider clock,
    Func<Delivery, CancellationToken, Task<string?>>? noteWhenChanged = null) : IVerbHandler
{
    public string Verb => verb.Verb;

    public async Task<InvokeResponse> HandleAsync(TurnContext turn, JsonElement data, CancellationToken ct)
    {
        if (CardSubmission.Parse(data, cards.Accepts, turn.TenantId) is not { } submission)
            return VerbRouter.Invalid("This card's data is not valid; nothing changed.");
        if (turn.Sender is not { } sender) return VerbRouter.Invalid("I can't tell who clicked; nothing changed.");
        var built = verb.Build(submission);
        if (built.Command is null)
        {
            var current = await store.FindAsync(turn.KeyOf(submission.DeliveryId), ct);
            return current is null
                ? VerbRouter.Invalid($"There is no delivery {submission.DeliveryId}.")
                : await RedrawAsync(
                    submission.Card, current, sender, note: $"⛔ {built.Problem} Nothing changed.", ct);
        }
        var source = turn.ChangeFrom(sender, $"card:{Verb}") with
        {
            ExpectedVersion = submission.Version,
            Clicked = new CardName(submission.Card.Template, submission.Card.Focus),
        };
        var result = turn.Track(
            await deliveries.ExecuteAsync(turn.KeyOf(submission.DeliveryId), built.Command, source, ct));
        if (result.Delivery is null) return VerbRouter.Invalid(result.Outcome.Message);
        return await RedrawAsync(
            submission.Card,
            result.Delivery,
            sender,
            note: !result.Outcome.Changed
                ? OutcomeText.Plain(result.Outcome)
                : noteWhenChanged is null ? null : await noteWhenChanged(result.Delivery, ct),
            ct);
    }

    private async Task<InvokeResponse> RedrawAsync(
        CardRef card, Delivery delivery, Domain.People.Person viewer, string? note, CancellationToken ct)
        => new(200, InvokeAnswers.Card( // written into the answer by the endpoint, then given back
            await cards.DrawAsync(card, delivery, new CardContext(clock.GetUtcNow(), viewer, note), ct, rented: true)));
}

/// <summary>
/// card.refresh: any delivery card as it stands now, in the viewer's own view (Teams asks when the card is shown); the
/// metrics card (drawn from many records, not one) as its <see cref="MetricsCardSource"/> draws it for the viewer now.
/// </summary>
internal sealed class RefreshCardAction(
    IDeliveryStore store, CardDrawer cards, MetricsCardSource metrics, TimeProvider clock) : IVerbHandler
{
    public string Verb => "card.refresh";

    public async Task<InvokeResponse> HandleAsync(TurnContext turn, JsonElement data, CancellationToken ct)
    {
        if (data.ValueKind == JsonValueKind.Object && data.TryGetProperty("card", out var card)
            && card.ValueKind == JsonValueKind.String && card.GetString() == MetricsCard.Template)
            return await RefreshMetricsAsync(turn, data, ct);
        if (CardSubmission.Parse(data, cards.Accepts) is not { } submission)
            return VerbRouter.Invalid("This card's data is not valid.");
        var delivery = await store.FindAsync(turn.KeyOf(submission.DeliveryId), ct);
        if (delivery is null) return VerbRouter.Invalid($"There is no delivery {submission.DeliveryId}.");
        var context = new CardContext(clock.GetUtcNow(), turn.Sender);
        return new InvokeResponse(
            200, InvokeAnswers.Card(await cards.DrawAsync(submission.Card, delivery, context, ct, rented: true)));
    }

    /// <summary>The organisation's metrics (no delivery id) or one delivery's, redrawn for whoever clicked.</summary>
    private async Task<InvokeResponse> RefreshMetricsAsync(TurnContext turn, JsonElement data, CancellationToken ct)
    {
        var raw = data.TryGetProperty("deliveryId", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()!
            : "";
        string? deliveryId = null;
        if (raw.Length > 0 && (deliveryId = DeliveryIds.Parse(raw)) is null)
            return VerbRouter.Invalid("This card's data is not valid.");
        var drawn = await metrics.DrawAsync(turn, deliveryId, d => ReaderTime.ZoneFor(turn.Activity, d), ct);
        return drawn.Card is { } card
            ? new InvokeResponse(200, InvokeAnswers.Card(card))
            : VerbRouter.Invalid(drawn.Answer);
    }
}
