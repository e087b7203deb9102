namespace DeliveryBot.Domain.Milestones;

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
        MilestoneStatus.BeyondAcceptableDelay =>
            $"Late ({BusinessDaysLate} business days, beyond the acceptable {Entry.AcceptableDelayDays})",
        MilestoneStatus.Done => "Done",
        MilestoneStatus.DoneLate => $"Done ({BusinessDaysLate} business day{(BusinessDaysLate == 1 ? "" : "s")} late)",
        MilestoneStatus.Skipped => "Skipped",
        _ => Status.ToString(),
    };

    public bool IsLate => Status is MilestoneStatus.Late or MilestoneStatus.BeyondAcceptableDelay;
}
