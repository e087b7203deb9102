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
            .Select(f =>
            {
                var action = UserText.Required(f.Action, "A follow-up action", UserText.Paragraph);
                var owner = UserText.Required(f.Owner, "A follow-up's owner");
                return new FollowUp(
                    action,
                    owner,
                    f.Due is { } due ? Known.Date(due, today, "A follow-up's due date") : null,
                    // a person when the text names a stakeholder: they are nudged and may mark it done
                    OwnedBy: delivery.StakeholderNamed(owner));
            })
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
/// A review follow-up is done: its owner (when the owner is a stakeholder) or the DM says so, with an optional note.
/// Allowed after the delivery is closed: follow-ups outlive it, and this is what stops their nudges.
/// </summary>
public sealed record MarkFollowUpDone(string FollowUpId, string? Note = null) : DeliveryCommand
{
    public override string Action => "follow-up-done";

    internal override bool AllowedWhenClosed => true;

    internal override string? AlreadyDecided(Delivery delivery)
        => delivery.FindFollowUp(FollowUpId) is ({ Done: { } done }, var i)
            ? $"Follow-up {Delivery.FollowUpId(i)} was already marked done by {done.By} at {delivery.Time(done.At)}"
                + (done.Note is { } note ? $": {note}" : ".")
            : null;

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        if (delivery.State.Review is not { } review)
            throw new RuleViolation(
                $"The review of delivery {delivery.Id} has not been completed: it has no follow-ups.");
        if (delivery.FindFollowUp(FollowUpId) is not var (followUp, index))
            throw new RuleViolation(review.FollowUps.Count switch
            {
                0 => $"The review of delivery {delivery.Id} has no follow-ups.",
                1 => $"There is no follow-up {FollowUpId} on delivery {delivery.Id}; its only follow-up is F1 " +
                    $"(see `review {delivery.Id}`).",
                var n => $"There is no follow-up {FollowUpId} on delivery {delivery.Id}; its follow-ups are F1 to " +
                    $"F{n} (see `review {delivery.Id}`).",
            });
        if (followUp.OwnedBy?.IsSameAs(meta.Actor) != true)
            delivery.Require(meta, Role.DeliveryManager);
        var note = UserText.Optional(Note, "The note", UserText.Paragraph);
        var done = followUp with { Done = new FollowUpDone(meta.At, meta.Actor, note) };
        var followUps = review.FollowUps.ToList();
        followUps[index] = done;
        delivery.Change(s => s with { Review = review with { FollowUps = followUps } });
        return $"Follow-up {Delivery.FollowUpId(index)} ({followUp.Action}) marked done by {meta.Actor}"
            + (note is null ? "." : $": {note}");
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
                $"Delivery {delivery.Id} cannot be closed yet; {Counted.Of(missing.Count, "thing")} missing.", missing);
        delivery.Change(s => s with { ClosedAt = meta.At });
        var closed = $"Delivery {delivery.Id} closed by {meta.Actor}. Status: Complete.";
        delivery.Raise(new DeliveryClosed(closed));
        return closed;
    }
}
