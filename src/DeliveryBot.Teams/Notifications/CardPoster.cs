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
/// Posts delivery cards (as a reply, or in someone's 1:1 chat) and remembers each one, so that every later change
/// to the delivery redraws it in place wherever it is.
/// </summary>
public sealed class CardPoster(CardDrawer cards, ProactiveMessenger messenger, IConversationStore conversations, TimeProvider clock)
{
    /// <summary>Posts the card as the answer to this turn (a command in a chat or channel).</summary>
    public async Task<SendResult> ReplyAsync(TurnContext turn, CardRef card, Delivery delivery, string summary, CancellationToken ct)
    {
        var drawn = await cards.DrawAsync(card, delivery, new CardContext(clock.GetUtcNow()), ct);
        var result = await turn.ReplyAsync(Activity.Card(drawn, summary), ct);
        if (result is { Status: SendStatus.Sent, ActivityId: { } activityId } && turn.Activity is { ServiceUrl: { } url, Conversation.Id: { } conversation })
            await RememberAsync(card, url, conversation, activityId, turn.Activity.TenantId(), ct);
        return result;
    }

    /// <summary>
    /// Posts the card in a person's 1:1 chat with the bot (opened first if need be). <paramref name="taken"/> runs as
    /// soon as Teams has taken it, before the card is remembered: the outbox records the send there, first thing.
    /// </summary>
    public async Task<SendResult> SendToAsync(Person person, string tenantId, CardRef card, Delivery delivery, string summary, CancellationToken ct,
        Func<Task>? taken = null)
    {
        if (person.ObjectId is not { } oid) return SendResult.Failed(null, $"{person} has no Entra object id, so the bot cannot write to them in Teams.");
        var drawn = await cards.DrawAsync(card, delivery, new CardContext(clock.GetUtcNow(), person), ct);
        var (result, reference) = await messenger.SendToUserWithReferenceAsync(tenantId, oid, Activity.Card(drawn, summary), ct);
        if (result.Status == SendStatus.Sent && taken is not null) await taken();
        if (result is { Status: SendStatus.Sent, ActivityId: { } activityId } && reference is not null)
            await RememberAsync(card, reference.ServiceUrl, reference.ConversationId, activityId, reference.TenantId ?? tenantId, ct);
        return result;
    }

    private Task RememberAsync(CardRef card, string serviceUrl, string conversationId, string activityId, string? tenantId, CancellationToken ct)
        => conversations.SavePostedCardAsync(
            new PostedCard(card.DeliveryId, card.Template, card.Focus, serviceUrl, conversationId, activityId, tenantId, clock.GetUtcNow()), ct);
}
