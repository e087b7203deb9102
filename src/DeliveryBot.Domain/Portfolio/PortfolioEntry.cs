using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;

namespace DeliveryBot.Domain.Portfolio;

/// <summary>
/// One line of the portfolio: a delivery's stage, what is owed next and by whom (as the status card says it), the
/// milestone due next and the ones that are late, and the roles the reader holds on it.
/// </summary>
public sealed record PortfolioEntry(
    string DeliveryId,
    string Client,
    string DigitalTalent,
    string Status,
    int StageNumber,
    string Stage,
    DateOnly? AgreedDeliveryDate,
    IReadOnlyList<OwedAction> NextActions,
    TimelineMilestone? NextMilestone,
    IReadOnlyList<TimelineMilestone> Late,
    IReadOnlyList<Role> YourRoles)
{
    /// <summary>Whether a milestone is past its acceptable delay: what the CTO is escalated for.</summary>
    public bool BeyondAcceptableDelay => Late.Any(m => m.Status == MilestoneStatus.BeyondAcceptableDelay);

    public static PortfolioEntry Of(Delivery delivery, Person reader, DateTimeOffset now)
    {
        var s = delivery.State;
        var stage = delivery.CurrentStage;
        var timeline = DeliveryTimeline.Of(delivery, now);
        return new PortfolioEntry(
            s.Id,
            s.Client,
            s.DigitalTalent,
            delivery.Status.Label(),
            (int)stage,
            stage.Title(),
            s.AgreedDeliveryDate,
            [.. Policies.NextActions.For(delivery).Select(a => new OwedAction(
                a.What, a.Role, [.. delivery.ActorsFor(a.Role, now).Select(p => p.DisplayName)]))],
            timeline.Milestones.FirstOrDefault(m => m.Status is MilestoneStatus.Upcoming or MilestoneStatus.DueToday),
            [.. timeline.Milestones.Where(m => m.IsLate)],
            [.. delivery.RolesOf(reader, now).Distinct()]);
    }
}

/// <summary>Something owed now: what, by which role, held by whom (none: the role is unassigned).</summary>
public sealed record OwedAction(string What, Role Role, IReadOnlyList<string> People)
{
    public string Who => People.Count == 0
        ? $"{Role.Title()} (unassigned)"
        : $"{string.Join(", ", People)} ({Role.Title()})";
}
