using System.Text.RegularExpressions;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Incidents;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using DeliveryBot.Teams.Cards.Templating;

namespace DeliveryBot.Teams.Cards.Views;

/// <summary>
/// An incident's post-incident review (cards/incident-review.json), the seed's REVIEW step: the incident in short, the
/// lessons learned (what went well, what could improve, follow-up notes) and up to <see cref="Rows"/> new action items
/// (an owner from the people picker, a due date) saved by the DM or the commander once resolved; the action items
/// already agreed, each with a Done for its owner or the DM. Focus: the incident id (I1).
/// </summary>
internal sealed partial class IncidentReviewCard : IDeliveryCard
{
    /// <summary>How many new action items the form offers at once; more are added by saving again.</summary>
    public const int Rows = 5;

    public sealed record Choice(string Name, string Id);
    public sealed record ItemRow(string ActionId, string OwnerId, string DueId);
    public sealed record Item(string Id, string Text, string Status, bool CanMarkDone);

    public sealed record View(
        CardHeader Header,
        string Number,
        string Summary,
        string Reviewed,
        string WentWell,
        string CouldImprove,
        string FollowUpNotes,
        IReadOnlyList<Item> Items,
        IReadOnlyList<ItemRow> ItemRows,
        IReadOnlyList<Choice> Roster,
        string Today,
        bool Resolved,
        bool CanReview,
        string Hint);

    public string Template => Templates.IncidentReview;

    public bool Accepts(string focus) => IncidentId().IsMatch(focus);

    public IReadOnlyList<Subject> AsksAbout(string focus) => Asks;

    /// <summary>
    /// Its buttons save the review and mark an action item done: only the reviews count, not the incidents' moves.
    /// </summary>
    private static readonly IReadOnlyList<Subject> Asks =
        Delivery.AsksAbout(new ReviewIncident("I1", "", "", null, []), new MarkActionItemDone("I1-A1"));

    public DataObject Draw(Delivery delivery, string focus, CardContext context)
    {
        var header = CardText.Header(delivery, delivery.CurrentStage);
        var today = CardText.Date(delivery.Calendar.LocalDate(context.Now));
        if (delivery.FindIncident(focus) is not { } i)
            return CardText.Data(new View(
                header, $"{delivery.Id}-{focus}", $"There is no incident {focus} on {delivery.Id}.", "", "", "", "",
                [], [], [], today, Resolved: false, CanReview: false, ""));
        var review = i.Review;
        return CardText.Data(new View(
            Header: header with { Yours = Yours(i) },
            Number: $"{delivery.Id}-{i.Id}",
            Summary: $"{SeverityTargets.Title(i.Severity)} · {i.Title} · "
                + (i.Resolution is { } r
                    ? $"resolved by {r.By} at {delivery.Time(r.At)}: {r.Fix} Root cause: {r.RootCause}"
                    : "open: its review follows the resolution."),
            Reviewed: review is null ? "" : $"Reviewed by {review.By} at {delivery.Time(review.At)}.",
            WentWell: review?.WentWell ?? "",
            CouldImprove: review?.CouldImprove ?? "",
            FollowUpNotes: review?.FollowUpNotes ?? "",
            Items: [.. (review?.ActionItems ?? []).Select(a => new Item(
                a.Id,
                $"{delivery.Id}-{i.Id}-{a.Id}: {a.Action} · {a.Owner} · due {CardText.Date(a.Due)}",
                a.Done is { } done
                    ? $"✅ Done by {done.By} at {delivery.Time(done.At)}{(done.Note is { } n ? $": {n}" : "")}"
                    : "Open",
                CanMarkDone: a.IsOpen && MayMarkDone(delivery, a, context)))],
            ItemRows: [.. Enumerable.Range(1, Rows).Select(n => new ItemRow($"action{n}", $"owner{n}", $"due{n}"))],
            Roster: [.. delivery.State.Stakeholders
                .Select(s => s.Person)
                .Where(p => p.ObjectId is not null)
                .DistinctBy(p => p.Key)
                .Select(p => new Choice(p.DisplayName, p.ObjectId!))],
            Today: today,
            Resolved: !i.IsOpen,
            // the owners see the card for their Done; the form is the DM's and the commander's
            CanReview: context.Viewer is not { } viewer
                || delivery.IncidentActors(i, context.Now).Any(p => p.IsSameAs(viewer)),
            Hint: $"`incident {delivery.Id}-{i.Id}` gives the incident report with the action items as Markdown; "
                + $"`done {delivery.Id}-{i.Id}-A1` marks one done from the chat."));
    }

    private static string Yours(Incident i) => i switch
    {
        { IsOpen: true } => "",
        { Review: null } => "Run the post-incident review: what went well, what could improve, the action items.",
        _ => "Add action items if more are needed; their owners mark them done.",
    };

    /// <summary>
    /// Whether the viewer may mark the item done: its owner or the DM (anyone on a card shown to all: the domain
    /// refuses the others).
    /// </summary>
    private static bool MayMarkDone(Delivery delivery, IncidentActionItem item, CardContext context)
        => context.Viewer is not { } viewer
            || item.Owner.IsSameAs(viewer)
            || delivery.Holds(viewer, Role.DeliveryManager, context.Now);

    // the DM and the commander save; the owners of open items are asked too, for their Done
    public IReadOnlyList<Person> Actors(Delivery delivery, string focus, DateTimeOffset now)
        => delivery.FindIncident(focus) is { IsOpen: false } i
            ? [.. delivery.IncidentActors(i, now)
                .Concat((i.Review?.ActionItems ?? []).Where(a => a.IsOpen).Select(a => a.Owner))
                .DistinctBy(p => p.Key)]
            : [];

    // a review outlives the delivery's closing: the card is over once every action item is done
    public bool IsOver(Delivery delivery, string focus)
        => delivery.FindIncident(focus) is not { } i
            || i.Review is { ActionItems: var items } && items.Count > 0 && items.All(a => !a.IsOpen);

    [GeneratedRegex(@"^I\d{1,4}\z", RegexOptions.None, 100)]
    private static partial Regex IncidentId();
}
