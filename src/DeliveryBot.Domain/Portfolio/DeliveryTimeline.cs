using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Milestones;

namespace DeliveryBot.Domain.Portfolio;

/// <summary>
/// One delivery's milestones as a timeline (the tab's Gantt picture and the table beside it): each milestone's span
/// from the milestone before it to its target, its actual date, the last day its acceptable delay allows, every move
/// of it with its reason, and where it stands today on the delivery's own calendar.
/// </summary>
public sealed record DeliveryTimeline(
    string DeliveryId, string Client, string DigitalTalent, DateOnly Today, IReadOnlyList<TimelineMilestone> Milestones)
{
    public static DeliveryTimeline Of(Delivery delivery, DateTimeOffset now)
    {
        var s = delivery.State;
        var today = delivery.Calendar.LocalDate(now);
        var rows = new List<TimelineMilestone>();
        // a span starts where the previous milestone ended (or was due): intake, then each one after it
        DateOnly? previous = s.IntakeDate;
        foreach (var view in delivery.MilestoneViews(now))
        {
            var entry = view.Entry;
            var end = entry.Actual ?? entry.Target;
            rows.Add(new TimelineMilestone(
                entry.Milestone,
                entry.Milestone.Title(),
                Start: previous is { } p && end is { } e && p <= e ? p : end,
                entry.Target,
                entry.Actual,
                entry.AcceptableDelayDays,
                LatestAcceptable: entry.Target is { } t
                    ? delivery.Calendar.AddBusinessDays(t, entry.AcceptableDelayDays)
                    : null,
                view.Status,
                view.Label,
                view.BusinessDaysLate,
                [.. s.MilestoneMoves.Where(m => m.Milestone == entry.Milestone).Select(m => new TimelineMove(
                    m.From, m.To, m.Reason, m.By.DisplayName, m.At))]));
            previous = end ?? previous;
        }
        return new DeliveryTimeline(s.Id, s.Client, s.DigitalTalent, today, rows);
    }
}

/// <param name="Start">Where its bar starts: the previous milestone's actual or target date (else its own).</param>
/// <param name="LatestAcceptable">
/// The target plus its acceptable delay in business days: past it, the CTO hears.
/// </param>
public sealed record TimelineMilestone(
    Milestone Milestone,
    string Title,
    DateOnly? Start,
    DateOnly? Target,
    DateOnly? Actual,
    int AcceptableDelayDays,
    DateOnly? LatestAcceptable,
    MilestoneStatus Status,
    string Label,
    int BusinessDaysLate,
    IReadOnlyList<TimelineMove> Moves)
{
    public bool IsLate => Status is MilestoneStatus.Late or MilestoneStatus.BeyondAcceptableDelay;
}

/// <summary>A move of the milestone's target: from where to where, why, by whom and when.</summary>
public sealed record TimelineMove(DateOnly? From, DateOnly To, string Reason, string By, DateTimeOffset At);
