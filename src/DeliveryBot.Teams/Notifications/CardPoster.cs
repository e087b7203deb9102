using System.Security.Cryptography;
using DeliveryBot.Application.Messages;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Teams.Cards;
using DeliveryBot.Teams.Connector;
using DeliveryBot.Teams.Conversations;
using DeliveryBot.Teams.Protocol;
using DeliveryBot.Teams.Turns;

namespace DeliveryBot.Teams.Notifications;

/// <summary>
/// Posts delivery cards (as a reply, or in someone's 1:1 chat) and says where each one is, so that every later
/// change to the delivery redraws it in place wherever it is.
/// </summary>
internal sealed class CardPoster(
    CardDrawer cards,
    ProactiveMessenger messenger,
    LivingCards living,
    IOutbox outbox,
    IOutboxSignal signal,
    TimeProvider clock)
{
    /// <summary>
    /// Posts the card as the answer to this turn (a command in a chat or channel) and remembers it there.
    /// </summary>
    public async Task<SendResult> ReplyAsync(
        TurnContext turn, CardRef card, Delivery delivery, string summary, CancellationToken ct)
    {
        var drawn = await cards.DrawAsync(card, delivery, new CardContext(clock.GetUtcNow()), ct);
        var result = await turn.ReplyAsync(Activity.Card(drawn, summary), ct);
        if (result is { Status: SendStatus.Sent, ActivityId: { } activityId }
            && turn.Activity is { ServiceUrl: { } url, Conversation.Id: { } conversation })
            await RememberAsync(
                Posted(
                    card,
                    delivery,
                    serviceUrl: url,
                    conversationId: conversation,
                    activityId,
                    tenantId: turn.Activity.TenantId()) with { DrawnHash = Digest(drawn) },
                ct);
        return result;
    }

    /// <summary>
    /// Posts the card in a person's 1:1 chat with the bot (opened first if need be) and says where it went; it is not
    /// remembered here: the outbox records the send first, then remembers the card.
    /// </summary>
    public async Task<(SendResult Result, PostedCard? Posted)> SendToAsync(
        Person person, string tenantId, CardRef card, Delivery delivery, string summary, CancellationToken ct)
    {
        if (person.ObjectId is not { } oid)
            return (
                SendResult.Failed(
                    status: null, $"{person} has no Entra object id, so the bot cannot write to them in Teams."),
                null);
        var drawn = await cards.DrawAsync(card, delivery, new CardContext(clock.GetUtcNow(), person), ct);
        var (result, reference) =
            await messenger.SendToUserWithReferenceAsync(tenantId, oid, Activity.Card(drawn, summary), ct);
        return result is { Status: SendStatus.Sent, ActivityId: { } activityId } && reference is not null
            ? (result, Posted(
                card,
                delivery,
                serviceUrl: reference.ServiceUrl,
                conversationId: reference.ConversationId,
                activityId,
                tenantId: reference.TenantId ?? tenantId) with { DrawnHash = Digest(drawn), Viewer = person })
            : (result, null);
    }

    /// <summary>
    /// Remembers a card posted in a chat as the living copy there (an older copy there is told it moved).
    /// </summary>
    public async Task RememberAsync(PostedCard card, CancellationToken ct)
    {
        if (await living.RememberAsync(card, tellMoved: true, ct)) signal.MessagesWritten();
    }

    /// <summary>
    /// Remembers a card a click turned into this one (the intake form become the status card) and has it redrawn in
    /// place for everyone in its chat: the click's answer changes only the clicker's view.
    /// </summary>
    public async Task RememberRedrawnAsync(PostedCard card, Delivery delivery, CancellationToken ct)
    {
        await living.RememberAsync(card, tellMoved: true, ct);
        await outbox.EnqueueAsync(
            OutboxKinds.Row(
                new CardRedraw(delivery.Key, delivery.Version),
                $"{delivery.Key}:redraw:{delivery.Version}:{card.ConversationId}:{card.ActivityId}",
                $"delivery:{delivery.Key}",
                clock.GetUtcNow()),
            ct);
        signal.MessagesWritten();
    }

    public PostedCard Posted(
        CardRef card, Delivery delivery, string serviceUrl, string conversationId, string activityId, string? tenantId)
        => new(
            DeliveryId: delivery.Key,
            Template: card.Template,
            Focus: card.Focus,
            ServiceUrl: serviceUrl,
            ConversationId: conversationId,
            ActivityId: activityId,
            TenantId: tenantId,
            PostedAt: clock.GetUtcNow());

    /// <summary>
    /// A digest of a drawn card: two draws that would look and act the same in Teams have the same digest. Taken over
    /// the card's JSON as it was written (every card is written alike, minified, by <see cref="CardTemplates"/>),
    /// not over a copy serialized again for it: a card is drawn behind every click.
    /// </summary>
    public static string Digest(RawJson card) => Convert.ToHexString(SHA256.HashData(card.Utf8))[..32];
}
