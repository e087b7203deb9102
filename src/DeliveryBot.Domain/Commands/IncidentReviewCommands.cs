using System.Globalization;
using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Domain.Commands;

/// <summary>An action item as the review's form gives it: what, whose (a person), by when.</summary>
public sealed record NewActionItem(string Action, Person? Owner, DateOnly Due);

/// <summary>
/// The post-incident review (the seed's REVIEW step), by the DM or the incident's commander once it is resolved: what
/// went well, what could improve, follow-up notes, and the action items, at least one unless
/// <see cref="NoActionItemsNeeded"/>. Run again, it adds the new action items (and takes the lessons given anew).
/// </summary>
public sealed record ReviewIncident(
    string IncidentId,
    string WentWell,
    string CouldImprove,
    string? FollowUpNotes,
    IReadOnlyList<NewActionItem> ActionItems,
    bool NoActionItemsNeeded = false)
    : DeliveryCommand
{
    public override string Action => "review-incident";

    internal override bool AllowedWhenClosed => true;

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        var incident = IncidentCommand.Commanded(delivery, IncidentId, meta);
        var named = $"{delivery.Id}-{incident.Id}";
        if (incident.IsOpen)
            throw new RuleViolation($"Incident {named} is not resolved yet: its review follows the resolution.");
        var wentWell = UserText.Required(WentWell, "What went well", UserText.Paragraph);
        var couldImprove = UserText.Required(CouldImprove, "What could improve", UserText.Paragraph);
        var notes = UserText.Optional(FollowUpNotes, "The follow-up notes", UserText.Paragraph);
        var earlier = incident.Review?.ActionItems ?? [];
        if (ActionItems.Count == 0 && !NoActionItemsNeeded && earlier.Count == 0)
            throw new RuleViolation("Add at least one action item (action, owner, due date), or say none is needed.");
        var today = delivery.Calendar.LocalDate(meta.At);
        var added = ActionItems.Select((a, n) => new IncidentActionItem(
            Id: Delivery.ActionItemId(earlier.Count + n),
            Action: UserText.Required(a.Action, $"Action item {n + 1}'s action"),
            Owner: a.Owner is { IsSystem: false } owner && (owner.ObjectId ?? owner.Email) is not null
                ? owner
                : throw new RuleViolation($"Action item {n + 1} needs an owner: a person, picked from the directory."),
            Due: a.Due >= today
                ? a.Due
                : throw new RuleViolation($"Action item {n + 1}'s due date ({Day(a.Due)}) is before today "
                    + $"({Day(today)}).")))
            .ToList();
        if (incident.Review is not null && added.Count == 0)
            throw new RuleViolation($"Incident {named} was already reviewed: add an action item to amend it.");
        var review = new IncidentReview(
            wentWell, couldImprove, notes, [.. earlier, .. added],
            incident.Review?.At ?? meta.At, incident.Review?.By ?? meta.Actor);
        var items = added.Count switch
        {
            0 => "no action items needed",
            1 => "1 action item",
            var n => $"{n} action items",
        };
        var what = incident.Review is null
            ? $"Post-incident review by {meta.Actor}: {items}"
            : $"Post-incident review amended by {meta.Actor}: {items} added";
        delivery.ReplaceIncident(incident, incident with { Review = review },
            new IncidentEvent(meta.At, meta.Actor, IncidentEventKind.Reviewed, what));
        return $"Incident {named}: {what}"
            + string.Concat(added.Select(a => $"\n- {delivery.Id}-{incident.Id}-{a.Id}: {a.Action} ({a.Owner}, "
                + $"due {Day(a.Due)})"));
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>
/// An action item of a post-incident review is done (D1-I1-A1): its owner or the DM says so, also once closed; its
/// nudges stop. Done once: a second click answers who did it.
/// </summary>
public sealed record MarkActionItemDone(string ActionItemId, string? Note = null) : DeliveryCommand
{
    public override string Action => "action-item-done";

    internal override bool AllowedWhenClosed => true;

    internal override string? AlreadyDecided(Delivery delivery)
        => delivery.FindActionItem(ActionItemId) is ({ } i, { Done: { } done } item)
            ? $"Action item {delivery.Id}-{i.Id}-{item.Id} is already done by {done.By} at {delivery.Time(done.At)}"
                + (done.Note is { } note ? $": {note}" : ".")
            : null;

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        var (incident, item) = delivery.RequireActionItem(ActionItemId);
        if (!item.Owner.IsSameAs(meta.Actor))
            delivery.Require(meta, Role.DeliveryManager);
        var note = UserText.Optional(Note, "The note", UserText.Paragraph);
        var review = incident.Review!;
        var items = review.ActionItems
            .Select(a => a.Id == item.Id ? a with { Done = new ActionItemDone(meta.At, meta.Actor, note) } : a)
            .ToList();
        var what = $"Action item {item.Id} ({item.Action}) done by {meta.Actor}" + (note is null ? "" : $": {note}");
        delivery.ReplaceIncident(incident, incident with { Review = review with { ActionItems = items } },
            new IncidentEvent(meta.At, meta.Actor, IncidentEventKind.ActionItemDone, what));
        return $"Incident {delivery.Id}-{incident.Id}: {what}";
    }
}
