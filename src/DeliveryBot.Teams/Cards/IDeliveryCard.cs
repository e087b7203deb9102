using System.Collections.Immutable;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Teams.Cards.Templating;

namespace DeliveryBot.Teams.Cards;

/// <summary>
/// The view model behind one template in cards/: the data the template is bound to, drawn from the record.
/// </summary>
internal interface IDeliveryCard
{
    /// <summary>The template's name: cards/&lt;Template&gt;.json.</summary>
    string Template { get; }

    /// <summary>Whether a focus (from a card's data, so untrusted) names something this card can show.</summary>
    bool Accepts(string focus);

    /// <summary>The card's own data. <see cref="DeliveryCards"/> adds what every card carries (see there).</summary>
    DataObject Draw(Delivery delivery, string focus, CardContext context);

    /// <summary>Who can act on this card now: they see its buttons in their own view (refresh.userIds).</summary>
    IReadOnlyList<Person> Actors(Delivery delivery, string focus, DateTimeOffset now);

    /// <summary>
    /// What a click on the card can ask about: every subject its buttons' commands ask about (<c>Delivery.AsksAbout</c>
    /// of each). The card names the last version at which one of these changed as the one it was drawn from, so a
    /// change to anything else leaves it as drawn and it is not sent to Teams again. A subject left out makes a click
    /// refused as out of date when that subject changed unseen; one too many costs an update of the card in Teams.
    /// Every subject unless the card says otherwise.
    /// </summary>
    IReadOnlyList<Subject> AsksAbout(string focus) => Subject.All;

    /// <summary>
    /// Whether the card's part of the lifecycle is over (its stage done, its escalation resolved, the delivery closed):
    /// a posted copy is then drawn once more, in this final state, and left alone.
    /// </summary>
    bool IsOver(Delivery delivery, string focus) => delivery.IsClosed;
}

/// <summary>
/// Who is looking and what else to say: the viewer, for a per-user view (a refresh from Teams says who asks), and a
/// note when a click changed nothing (the wrong person, a stale card, a problem with what was entered).
/// </summary>
internal sealed record CardContext(DateTimeOffset Now, Person? Viewer = null, string? Note = null)
{
    /// <summary>
    /// People Teams refused a message to (they blocked or removed the bot), by person key, with Teams' reason.
    /// </summary>
    public IReadOnlyDictionary<string, string> Unreachable { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>How email goes for the delivery's organisation; null when the bot cannot send email for it.</summary>
    public Domain.Record.MailRoute? Mail { get; init; }
}

/// <summary>When the part of the lifecycle a card belongs to is over.</summary>
internal static class CardLifecycle
{
    /// <summary>The stage is passed or skipped, or the delivery closed.</summary>
    public static bool StageOver(Delivery delivery, Domain.Lifecycle.Stage stage)
        => delivery.IsClosed || delivery.Progress(stage).IsDone;
}
