using DeliveryBot.Domain.People;

namespace DeliveryBot.Domain.Record;

/// <summary>
/// A delivery opened by its Client Intake Manager naming someone else as Delivery Manager: it waits for that DM to
/// confirm (stage 1 starts then) or decline with a reason (the delivery never starts). Nothing is sent to other
/// stakeholders and no reminder runs while it waits.
/// </summary>
public sealed record ManagerProposal(Person ProposedBy, DateTimeOffset At)
{
    public DateTimeOffset? ConfirmedAt { get; init; }
    public DateTimeOffset? DeclinedAt { get; init; }
    public string? DeclineReason { get; init; }
    public bool IsAwaiting => ConfirmedAt is null && DeclinedAt is null;
}
