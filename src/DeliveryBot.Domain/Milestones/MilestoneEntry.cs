namespace DeliveryBot.Domain.Milestones;

/// <summary>
/// One milestone row of the record: target and actual dates (in the delivery's time zone), the delay
/// that is acceptable before the CTO must hear of it, and whether its stage was skipped.
/// </summary>
public sealed record MilestoneEntry(
    Milestone Milestone, DateOnly? Target, DateOnly? Actual, int AcceptableDelayDays, bool Skipped = false)
{
    public const int DefaultAcceptableDelayDays = 2;
}

/// <summary>What a milestone row says as of a day.</summary>
public enum MilestoneStatus { NotScheduled, Upcoming, DueToday, Late, BeyondAcceptableDelay, Done, DoneLate, Skipped }

/// <summary>A milestone's status with how many business days it is (or was) late.</summary>
public sealed record MilestoneView(MilestoneEntry Entry, MilestoneStatus Status, int BusinessDaysLate)
{
    public string Label => Status switch
    {
        MilestoneStatus.NotScheduled => "Not scheduled",
        MilestoneStatus.Upcoming => "Upcoming",
        MilestoneStatus.DueToday => "Due today",
        MilestoneStatus.Late when BusinessDaysLate == 0 => "Late",
        MilestoneStatus.Late => $"Late ({BusinessDaysLate} business day{(BusinessDaysLate == 1 ? "" : "s")})",
        MilestoneStatus.BeyondAcceptableDelay => $"Late ({BusinessDaysLate} business days, beyond the acceptable {Entry.AcceptableDelayDays})",
        MilestoneStatus.Done => "Done",
        MilestoneStatus.DoneLate => $"Done ({BusinessDaysLate} business day{(BusinessDaysLate == 1 ? "" : "s")} late)",
        MilestoneStatus.Skipped => "Skipped",
        _ => Status.ToString(),
    };

    public bool IsLate => Status is MilestoneStatus.Late or MilestoneStatus.BeyondAcceptableDelay;
}
