using DeliveryBot.Application.Storage;

namespace DeliveryBot.Application.Messages;

/// <summary>
/// The cards the bot posted, kept so every change can redraw them in place. A chat holds one living copy of a card:
/// when the same card (template and focus) is posted there again, the older copy is forgotten, so `status` said a
/// hundred times in one chat still costs one update per change there. In a chat many people read, the older copy is
/// first updated once to say it moved (through the outbox); in someone's own 1:1 chat it is not, since their own view
/// of it is refreshed by Teams whenever they look at it, and a reminder a day would otherwise cost a second call each.
/// </summary>
public sealed class LivingCards(IConversationStore conversations, IOutbox outbox, TimeProvider clock)
{
    /// <summary>
    /// Remembers a card just posted; true when an older copy was told it moved (a message was written to the outbox).
    /// </summary>
    public async Task<bool> RememberAsync(PostedCard card, bool tellMoved, CancellationToken ct)
    {
        var older = (await conversations.PostedCardsAsync(card.DeliveryId, ct))
            .Where(p => p.ConversationId == card.ConversationId
                && p.Template == card.Template
                && p.Focus == card.Focus
                && p.ActivityId != card.ActivityId)
            .ToList();
        await conversations.SavePostedCardAsync(card, ct);
        foreach (var old in older)
        {
            // Told first, forgotten second: a crash in between leaves it living a little longer, never silently stale.
            if (tellMoved && !old.Final)
                await outbox.EnqueueAsync(OutboxKinds.Row(
                    new CardMoved(
                        DeliveryId: old.DeliveryId,
                        Template: old.Template,
                        ServiceUrl: old.ServiceUrl,
                        ConversationId: old.ConversationId,
                        ActivityId: old.ActivityId,
                        TenantId: old.TenantId),
                    $"{old.DeliveryId}:moved:{old.ConversationId}:{old.ActivityId}",
                    $"chat:{old.ConversationId}",
                    clock.GetUtcNow()), ct);
            await conversations.ForgetPostedCardAsync(old, ct);
        }
        return tellMoved && older.Any(o => !o.Final);
    }
}
