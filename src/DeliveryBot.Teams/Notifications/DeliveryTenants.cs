using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Teams.Conversations;

namespace DeliveryBot.Teams.Notifications;

/// <summary>
/// The Entra tenant a delivery lives in, for opening 1:1 chats when no Teams turn says it (the scheduler, a change
/// made elsewhere): the tenant of the chats where its cards are, else that of someone involved who talked to the bot.
/// </summary>
internal sealed class DeliveryTenants(IConversationStore conversations, ConversationReferences references)
{
    public async Task<string?> OfAsync(Delivery delivery, Person? actor, CancellationToken ct)
    {
        var posted = await conversations.PostedCardsAsync(delivery.Id, ct);
        if (posted.FirstOrDefault(p => p.TenantId is not null)?.TenantId is { } tenant) return tenant;
        foreach (var person in delivery.State.Stakeholders.Select(s => s.Person).Prepend(actor))
            if (person?.ObjectId is { } oid && await references.FindUserAsync(oid, ct) is { TenantId: { } own })
                return own;
        return null;
    }
}
