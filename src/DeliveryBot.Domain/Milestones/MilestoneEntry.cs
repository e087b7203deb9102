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
