using System.Collections.Immutable;
using DeliveryBot.Application.Messages;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Teams.Conversations;
using DeliveryBot.Teams.Protocol;

namespace DeliveryBot.Teams.Cards;

/// <summary>
/// Draws a delivery card for Teams: <see cref="DeliveryCards"/> plus the Teams ids of the people who can act on it
/// (known from their 1:1 chat with the bot), so Teams refreshes their own view of it automatically. The living status
/// card also shows who Teams refuses to reach, and why, so everyone sees it until they are reached again. Every card
/// knows whether email can be sent for the delivery's organisation (its client messages' Send button).
/// </summary>
internal sealed class CardDrawer(
    DeliveryCards cards,
    ConversationReferences references,
    IConversationStore conversations,
    IClientMail mail)
{
    /// <summary>Teams refreshes a card automatically for at most 60 listed users.</summary>
    private const int MaxRefreshUsers = 60;

    public bool Knows(string template) => cards.Knows(template);

    public bool Accepts(string template, string focus) => cards.Accepts(template, focus);

    public bool IsOver(CardRef card, Delivery delivery) => cards.IsOver(card, delivery);

    /// <summary>
    /// The card as Teams is to show it; with <paramref name="rented"/> in a rented buffer, which the caller gives back
    /// (<see cref="RawJson.Return"/>) once it is sent.
    /// </summary>
    public async Task<RawJson> DrawAsync(
        CardRef card, Delivery delivery, CardContext context, CancellationToken ct, bool rented = false)
    {
        var listed = cards.View(card.Template).Actors(delivery, card.Focus, context.Now);
        var actors = new List<string>(Math.Min(listed.Count, MaxRefreshUsers));
        for (var i = 0; i < listed.Count && i < MaxRefreshUsers; i++)
            if (listed[i].ObjectId is { } oid) actors.Add(oid);
        var userIds = new List<string>(actors.Count);
        if (actors.Count > 0) // the status card has none: nothing to look up
        {
            var teamsIds = await references.TeamsIdsAsync(actors, ct);
            foreach (var oid in actors)
                if (teamsIds.TryGetValue(oid, out var teamsId)) userIds.Add(teamsId);
        }
        // the Send button shows only where the bot can send a client message
        context = context with
        {
            Mail = mail.RouteFor(delivery.State.TenantId),
            Unreachable = card.Template == Templates.Status
                ? await UnreachableAsync(delivery, ct)
                : context.Unreachable,
        };
        return cards.Draw(card, delivery, context, userIds, rented);
    }

    private async Task<IReadOnlyDictionary<string, string>> UnreachableAsync(Delivery delivery, CancellationToken ct)
    {
        // loops, not LINQ: the status card is redrawn behind every click that changes its delivery
        var people = new List<string>();
        foreach (var s in delivery.State.Stakeholders)
            if (s.Person.ObjectId is not null && !people.Contains(s.Person.Key)) people.Add(s.Person.Key);
        var known = await conversations.FindReachabilityAsync(people, ct);
        Dictionary<string, string>? unreachable = null; // made only for someone unreachable, the rare case
        foreach (var person in people) // in the stakeholders' order, as the card lists them
            if (known.TryGetValue(person, out var r) && !r.Reachable)
                (unreachable ??= [])[person] = r.Reason ?? "unreachable";
        return unreachable ?? (IReadOnlyDictionary<string, string>)ImmutableDictionary<string, string>.Empty;
    }
}
