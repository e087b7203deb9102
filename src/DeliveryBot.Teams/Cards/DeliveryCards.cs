using System.Text.Json;
using System.Text.Json.Nodes;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;

namespace DeliveryBot.Teams.Cards;

/// <summary>
/// Which card, about what: its template in cards/ and its focus (a gate check's key, an escalation id, or empty),
/// which is all it takes to draw it again from the record after any change.
/// </summary>
internal sealed record CardRef(string Template, string DeliveryId, string Focus = "");

/// <summary>
/// Who is looking and what else to say: the viewer, for a per-user view (a refresh from Teams says who asks), and a
/// note when a click changed nothing (the wrong person, a stale card, a problem with what was entered).
/// </summary>
internal sealed record CardContext(DateTimeOffset Now, Person? Viewer = null, string? Note = null)
{
    /// <summary>People Teams refused a message to (they blocked or removed the bot), by person key, with Teams' reason.</summary>
    public IReadOnlyDictionary<string, string> Unreachable { get; init; } = new Dictionary<string, string>();
}

/// <summary>The view model behind one template in cards/: the data the template is bound to, drawn from the record.</summary>
internal interface IDeliveryCard
{
    /// <summary>The template's name: cards/&lt;Template&gt;.json.</summary>
    string Template { get; }

    /// <summary>Whether a focus (from a card's data, so untrusted) names something this card can show.</summary>
    bool Accepts(string focus);

    /// <summary>The card's own data. <see cref="DeliveryCards"/> adds what every card carries (see there).</summary>
    JsonObject Draw(Delivery delivery, string focus, CardContext context);

    /// <summary>Who can act on this card now: they see its buttons in their own view (refresh.userIds).</summary>
    IReadOnlyList<Person> Actors(Delivery delivery, string focus, DateTimeOffset now);

    /// <summary>
    /// Whether the card's part of the lifecycle is over (its stage done, its escalation resolved, the delivery closed):
    /// a posted copy is then drawn once more, in this final state, and left alone.
    /// </summary>
    bool IsOver(Delivery delivery, string focus) => delivery.IsClosed;
}

/// <summary>When the part of the lifecycle a card belongs to is over.</summary>
internal static class CardLifecycle
{
    /// <summary>The stage is passed or skipped, or the delivery closed.</summary>
    public static bool StageOver(Delivery delivery, Domain.Lifecycle.Stage stage) => delivery.IsClosed || delivery.Progress(stage).IsDone;
}

/// <summary>
/// Draws any delivery card: the view's data plus what every card carries, so its buttons and its refresh can name
/// it: <c>card</c> (the template), <c>deliveryId</c>, <c>focus</c>, <c>version</c> (the record version it was drawn
/// from), <c>note</c> (or null), <c>mine</c> (whether the viewer can act on it) and <c>userIds</c> (the Teams ids of
/// the people who can, for a per-user view).
/// </summary>
internal sealed class DeliveryCards(CardTemplates templates, IEnumerable<IDeliveryCard> views)
{
    private readonly Dictionary<string, IDeliveryCard> _views = views.ToDictionary(v => v.Template, StringComparer.Ordinal);

    public bool Knows(string template) => _views.ContainsKey(template);

    /// <summary>Whether a card named in a click's data exists with that focus.</summary>
    public bool Accepts(string template, string focus) => _views.TryGetValue(template, out var view) && view.Accepts(focus);

    /// <summary>Whether a posted copy of the card has reached its final state (see <see cref="IDeliveryCard.IsOver"/>).</summary>
    public bool IsOver(CardRef card, Delivery delivery) => View(card.Template).IsOver(delivery, card.Focus);

    public IDeliveryCard View(string template)
        => _views.TryGetValue(template, out var view) ? view : throw new InvalidOperationException($"There is no card view for '{template}'.");

    /// <summary>The data bound to the template (what cards/&lt;name&gt;.data.json shows for the sample delivery).</summary>
    public JsonObject Data(CardRef card, Delivery delivery, CardContext context, IReadOnlyList<string>? userIds = null)
    {
        var view = View(card.Template);
        var data = view.Draw(delivery, card.Focus, context);
        var actors = view.Actors(delivery, card.Focus, context.Now);
        data["card"] = card.Template;
        data["deliveryId"] = delivery.Id;
        data["focus"] = card.Focus;
        data["version"] = delivery.Version;
        data["note"] = context.Note;
        var mine = context.Viewer is { } viewer && actors.Any(a => a.IsSameAs(viewer));
        data["mine"] = mine;
        data["canAct"] = mine || context.Viewer is null;
        data["userIds"] = new JsonArray([.. (userIds ?? []).Select(id => (JsonNode)id)]);
        return data;
    }

    public JsonElement Draw(CardRef card, Delivery delivery, CardContext context, IReadOnlyList<string>? userIds = null)
        => templates.Render(card.Template, Data(card, delivery, context, userIds));
}
