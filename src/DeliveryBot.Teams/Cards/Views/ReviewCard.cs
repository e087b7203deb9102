using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using DeliveryBot.Teams.Cards.Templating;
using DeliveryBot.Teams.Wording;

namespace DeliveryBot.Teams.Cards.Views;

/// <summary>
/// Stage 7, for the DM (cards/review.json): planned against actual, QA attempts, escalations, client feedback, and
/// the lessons learned.
/// </summary>
internal sealed class ReviewCard : IDeliveryCard
{
    public sealed record Row(string Name, string Planned, string Actual);
    public sealed record FollowUpRow(string ActionId, string OwnerId, string DueId);

    public sealed record View(
        CardHeader Header,
        IReadOnlyList<Row> Milestones,
        IReadOnlyList<string> Qa,
        IReadOnlyList<string> Escalations,
        string ClientFeedback,
        string Completed,
        IReadOnlyList<FollowUpRow> FollowUpRows,
        bool Active,
        bool CanStart);

    /// <summary>How many follow-up rows the form offers.</summary>
    public const int FollowUps = 3;

    public string Template => Templates.Review;

    public bool Accepts(string focus) => focus.Length == 0;

    public IReadOnlyList<Subject> AsksAbout(string focus) => Asks;

    /// <summary>Its buttons start the review and complete it.</summary>
    private static readonly IReadOnlyList<Subject> Asks =
        Delivery.AsksAbout(new StartReview(), new AcknowledgeGate(StageCatalog.Checks.ReviewComplete.Key));

    public DataObject Draw(Delivery delivery, string focus, CardContext context)
    {
        var s = delivery.State;
        var ack = s.ClientAcknowledgement;
        return CardText.Data(new View(
            Header: CardText.Header(
                delivery, Stage.PostDeliveryReview, "Record what went well, what could improve and the follow-ups."),
            Milestones: [.. s.Milestones.Select(m => new Row(
                m.Milestone.Title(), CardText.Date(m.Target), m.Skipped ? "skipped" : CardText.Date(m.Actual)))],
            Qa: [.. s.QaAttempts
                .Where(a => a.Verdict is not null)
                .TakeLast(2 * Bounded.Rows)
                .Select(a => $"Attempt {a.Number}: {a.Verdict!.Value.ToString().ToUpperInvariant()}"
                    + $"{(a.FailureReport is null ? "" : $": {Bounded.Cut(a.FailureReport)}")}")],
            Escalations: [.. s.Escalations
                .TakeLast(2 * Bounded.Rows)
                .Select(e => $"{e.Id}: {Bounded.Cut(e.Issue)} → {Bounded.Cut(e.Resolution ?? "unresolved")}")],
            ClientFeedback: ack is null
                ? "None recorded yet."
                : ack.FeedbackText is { Length: > 0 } f ? f : "None given.",
            Completed: s.Review is { } r
                ? $"Review completed by {r.CompletedBy} at {delivery.Time(r.CompletedAt)}."
                : "",
            FollowUpRows:
                [.. Enumerable.Range(1, FollowUps)
                    .Select(i => new FollowUpRow($"followUp{i}", $"owner{i}", $"due{i}"))],
            Active: delivery.IsActive(Stage.PostDeliveryReview),
            CanStart: delivery.IsActive(Stage.ClientHandover) && delivery.HandoverSent is not null));
    }

    public IReadOnlyList<Person> Actors(Delivery delivery, string focus, DateTimeOffset now)
        => delivery.IsActive(Stage.PostDeliveryReview) || delivery.IsActive(Stage.ClientHandover)
            ? delivery.ActorsFor(Role.DeliveryManager, now)
            : [];

    public bool IsOver(Delivery delivery, string focus)
        => CardLifecycle.StageOver(delivery, Stage.PostDeliveryReview);
}
