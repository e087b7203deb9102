using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;

namespace DeliveryBot.Domain.Record;

/// <summary>
/// A milestone's target moved by the DM after the schedule was planned: from what, to what, why, by whom, when. The
/// planned baseline stays in <see cref="DeliveryState.Schedule"/>; the moves say how the plan got from there to now.
/// <see cref="NeedsAcknowledgement"/>: it was made after the Production Line Architect and the Deployment Specialist
/// acknowledged the schedule (stage 2 passed), so they acknowledge the revised schedule again.
/// </summary>
public sealed record MilestoneMove(
    int Number,
    Milestone Milestone,
    DateOnly? From,
    DateOnly To,
    string Reason,
    Person By,
    DateTimeOffset At,
    bool NeedsAcknowledgement);

/// <summary>
/// A role's acknowledgement of the schedule as revised by every move up to <see cref="UpToMove"/> (a move's
/// number).
/// </summary>
public sealed record RevisedScheduleAcknowledgement(Role Role, Person By, DateTimeOffset At, int UpToMove);
