using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using DeliveryBot.Teams.Cards.Templating;

namespace DeliveryBot.Teams.Cards.Views;

/// <summary>
/// The change request form (cards/change.json, posted by `change &lt;id&gt;`): the seed's template as inputs, for the
/// delivery team; what is pending above it. The milestones a change may move are the ones still to come.
/// </summary>
internal sealed class ChangeFormCard : IDeliveryCard
{
    public sealed record Choice(string Title, string Value);

    public sealed record View(
        CardHeader Header,
        string Pending,
        string Zone,
        IReadOnlyList<Choice> Types,
        IReadOnlyList<Choice> Levels,
        IReadOnlyList<Choice> Milestones);

    public string Template => Templates.Change;

    public bool Accepts(string focus) => focus.Length == 0;

    /// <summary>The form's request is checked on what was typed: no change makes the form out of date.</summary>
    public IReadOnlyList<Subject> AsksAbout(string focus) => [];

    public DataObject Draw(Delivery delivery, string focus, CardContext context)
    {
        var pending = delivery.State.ChangeRequests.Where(c => c.IsPending).ToList();
        return CardText.Data(new View(
            Header: CardText.Header(
                delivery,
                delivery.CurrentStage,
                "Request a change: Standard is pre-approved; Normal needs 5 business days and the CAB; Expedited "
                    + "24 hours and the DM; Emergency the on-call Deployment Specialist."),
            Pending: pending.Count == 0
                ? $"No change request awaits approval. `changes {delivery.Id}` lists them all."
                : $"Awaiting approval: {string.Join(", ", pending.Select(delivery.ChangeNumber))}. "
                    + $"`changes {delivery.Id}` lists them all.",
            Zone: delivery.Calendar.Zone.Id,
            Types: [.. Enum.GetNames<ChangeType>().Select(t => new Choice(t, t))],
            Levels: [.. Enum.GetNames<Level>().Select(l => new Choice(l, l))],
            Milestones: [.. delivery.State.Milestones
                .Where(m => m.Actual is null && !m.Skipped)
                .Select(m => new Choice(m.Milestone.Title(), m.Milestone.ToString()))]));
    }

    public IReadOnlyList<Person> Actors(Delivery delivery, string focus, DateTimeOffset now)
        => delivery.IsClosed ? [] : [.. Delivery.ChangeRequestors.SelectMany(r => delivery.ActorsFor(r, now))];
}
