using DeliveryBot.Domain.People;

namespace DeliveryBot.Domain.Record;

/// <summary>
/// An incident's post-incident review (the seed's REVIEW step): its lessons learned and the action items that keep it
/// from happening again. Run once the incident is resolved; amended later by adding action items.
/// </summary>
public sealed record IncidentReview(
    string WentWell,
    string CouldImprove,
    string? FollowUpNotes,
    IReadOnlyList<IncidentActionItem> ActionItems,
    DateTimeOffset At,
    Person By);

/// <summary>
/// One action item of the review: what, whose, by when, and whether it is done. Its id within the incident (A1) is
/// shown as D1-I1-A1.
/// </summary>
public sealed record IncidentActionItem(
    string Id, string Action, Person Owner, DateOnly Due, ActionItemDone? Done = null)
{
    public bool IsOpen => Done is null;
}

/// <summary>Who marked an action item done, when, and what they said.</summary>
public sealed record ActionItemDone(DateTimeOffset At, Person By, string? Note);
