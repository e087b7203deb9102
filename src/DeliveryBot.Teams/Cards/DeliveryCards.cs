using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Teams.Cards.Templating;
using DeliveryBot.Teams.Protocol;

namespace DeliveryBot.Teams.Cards;

/// <summary>
/// Draws any delivery card: the view's data plus what every card carries, so its buttons and its refresh can name
/// it: <c>card</c> (the template), <c>deliveryId</c>, <c>focus</c>, <c>version</c> (the record version it was drawn
/// from, as far as its buttons can tell: see <see cref="IDeliveryCard.AsksAbout"/>), <c>note</c> (or null),
/// <c>mine</c> (whether the viewer can act on it) and <c>userIds</c> (the Teams ids of the people who can, for a
/// per-user view).
/// </summary>
internal sealed class DeliveryCards(CardTemplates templates, IEnumerable<IDeliveryCard> views)
{
    private readonly Dictionary<string, IDeliveryCard> _views =
        views.ToDictionary(v => v.Template, StringComparer.Ordinal);

    public bool Knows(string template) => _views.ContainsKey(template);

    /// <summary>Whether a card named in a click's data exists with that focus.</summary>
    public bool Accepts(string template, string focus)
        => _views.TryGetValue(template, out var view) && view.Accepts(focus);

    /// <summary>
    /// Whether a posted copy of the card has reached its final state (see <see cref="IDeliveryCard.IsOver"/>).
    /// </summary>
    public bool IsOver(CardRef card, Delivery delivery) => View(card.Template).IsOver(delivery, card.Focus);

    public IDeliveryCard View(string template)
        => _views.TryGetValue(template, out var view)
            ? view
            : throw new InvalidOperationException($"There is no card view for '{template}'.");

    /// <summary>
    /// The data bound to the template (what cards/&lt;name&gt;.data.json shows for the sample delivery).
    /// </summary>
    public DataObject Data(CardRef card, Delivery delivery, CardContext context, IReadOnlyList<string>? userIds = null)
    {
        var view = View(card.Template);
        var data = view.Draw(delivery, card.Focus, context);
        var actors = view.Actors(delivery, card.Focus, context.Now);
        data.Set("card", card.Template);
        data.Set("deliveryId", delivery.Id);
        data.Set("focus", card.Focus);
        data.Set("version", delivery.ChangedAt(view.AsksAbout(card.Focus)));
        data.Set("note", context.Note);
        var mine = context.Viewer is { } viewer && actors.Any(a => a.IsSameAs(viewer));
        data.Set("mine", mine);
        data.Set("canAct", mine || context.Viewer is null);
        data.Set("userIds", userIds ?? []);
        return data;
    }

    /// <summary>The card drawn; with <paramref name="rented"/>, in a rented buffer the caller gives back.</summary>
    public RawJson Draw(
        CardRef card,
        Delivery delivery,
        CardContext context,
        IReadOnlyList<string>? userIds = null,
        bool rented = false)
        => templates.Render(card.Template, Data(card, delivery, context, userIds), rented);
}
