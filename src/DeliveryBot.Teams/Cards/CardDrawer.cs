using System.Text.Json;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Teams.Conversations;

namespace DeliveryBot.Teams.Cards;

/// <summary>
/// Draws a delivery card for Teams: <see cref="DeliveryCards"/> plus the Teams ids of the people who can act on it
/// (known from their 1:1 chat with the bot), so Teams refreshes their own view of it automatically.
/// </summary>
public sealed class CardDrawer(DeliveryCards cards, ConversationReferences references)
{
    /// <summary>Teams refreshes a card automatically for at most 60 listed users.</summary>
    private const int MaxRefreshUsers = 60;

    public bool Knows(string template) => cards.Knows(template);

    public bool Accepts(string template, string focus) => cards.Accepts(template, focus);

    public async Task<JsonElement> DrawAsync(CardRef card, Delivery delivery, CardContext context, CancellationToken ct)
    {
        var userIds = new List<string>();
        foreach (var actor in cards.View(card.Template).Actors(delivery, card.Focus, context.Now).Take(MaxRefreshUsers))
            if (actor.ObjectId is { } oid && await references.FindUserAsync(oid, ct) is { UserId: { } teamsId })
                userIds.Add(teamsId);
        return cards.Draw(card, delivery, context, userIds);
    }
}
