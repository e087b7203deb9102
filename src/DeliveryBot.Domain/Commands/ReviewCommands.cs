using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Policies;
using DeliveryBot.Domain.Record;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;

namespace DeliveryBot.Domain.Commands;

/// <summary>
/// Stage 7 starts 5 business days after handover when the client has not acknowledged by then (the
/// scheduler sends this; the DM may too once it is due). A client acknowledgement starts it earlier.
/// </summary>
public sealed record StartReview : DeliveryCommand
{
    public override string Action => "start-review";

    internal override string? AlreadyDecided(Delivery delivery)
        => delivery.Progress(Stage.PostDeliveryReview).StartedAt is { } at
            ? $"The post-delivery review already started at {delivery.Time(at)}."
            : null;

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.RequireOrSystem(meta, Role.DeliveryManager);
        delivery.RequireActive(Stage.ClientHandover);
        var due = LifecycleTimers.ReviewStartsAt(delivery)
            ?? throw new RuleViolation(
                "The review starts 5 business days after the handover is sent; it has not been sent yet.");
        if (meta.At < due)
            throw new RuleViolation(
                $"The review starts at {delivery.Time(due)} (5 business days after handover) " +
                "or when the client acknowledges receipt, whichever is first.");
        delivery.Start(Stage.PostDeliveryReview, meta);
        return "Post-delivery review started: " +
               "5 business days have passed since handover without a client acknowledgement.";
    }
}

/// <summary>Stage 7: the DM records the review's lessons learned, which completes the review.</summary>
public sealed record CompleteReview(
    IReadOnlyList<string> WentWell, IReadOnlyList<string> CouldImprove, IReadOnlyList<FollowUp> FollowUps,
    string? ClientFeedback = null)
    : DeliveryCommand
{
    public override string Action => "complete-review";

    internal override string? AlreadyDecided(Delivery delivery)
        => delivery.State.Review is { } r
            ? $"Review completed by {r.CompletedBy} at {delivery.Time(r.CompletedAt)}."
            : null;

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(meta, Role.DeliveryManager);
        delivery.RequireActive(Stage.PostDeliveryReview);
        var wentWell = Lines(WentWell, "What went well");
        var couldImprove = Lines(CouldImprove, "What could improve");
        var today = delivery.Today(meta);
        var followUps = FollowUps
            .Select(f => new FollowUp(
                UserText.Required(f.Action, "A follow-up action", UserText.Paragraph),
                UserText.Required(f.Owner, "A follow-up's owner"),
                f.Due is { } due ? Known.Date(due, today, "A follow-up's due date") : null))
            .ToList();
        var review = new Review(
            wentWell,
            couldImprove,
            followUps,
            ClientFeedback: UserText.Optional(ClientFeedback, "The client feedback", UserText.Paragraph),
            CompletedAt: meta.At,
            CompletedBy: meta.Actor);
        delivery.Change(s => s with { Review = review });
        delivery.Decide(Checks.ReviewComplete, meta);
        return $"Post-delivery review completed by {meta.Actor}.";
    }

    private static List<string> Lines(IReadOnlyList<string> lines, string field)
    {
        var kept = lines.Select(l => UserText.Optional(l, field, UserText.Paragraph)).OfType<string>().ToList();
        return kept.Count > 0 ? kept : throw new RuleViolation($"{field}: write at least one point.");
    }
}

/// <summary>
/// The DM closes the record; refused, with the list of what is missing, unless the quality gate holds.
/// </summary>
public sealed record CloseDelivery : DeliveryCommand
{
    public override string Action => "close-delivery";

    internal override string? AlreadyDecided(Delivery delivery)
        => delivery.State.ClosedAt is { } at ? $"Delivery {delivery.Id} was closed at {delivery.Time(at)}." : null;

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(meta, Role.DeliveryManager);
        var missing = QualityGate.Missing(delivery);
        if (missing.Count > 0)
            throw new RuleViolation(
                $"Delivery {delivery.Id} cannot be closed yet; {missing.Count} thing(s) missing.", missing);
        delivery.Change(s => s with { ClosedAt = meta.At });
        var closed = $"Delivery {delivery.Id} closed by {meta.Actor}. Status: Complete.";
        delivery.Raise(new DeliveryClosed(closed));
        return closed;
    }
}
