using DeliveryBot.Domain.Milestones;

namespace DeliveryBot.Domain.Lifecycle;

/// <summary>
/// A stage as the lifecycle seed describes it: its trigger, checklist, output and gate, plus the
/// milestones it starts and completes and whether the DM may skip it.
/// </summary>
public sealed record StageDefinition(
    Stage Stage,
    string Name,
    string Trigger,
    IReadOnlyList<string> Checklist,
    string Output,
    string Gate,
    IReadOnlyList<GateCheck> Checks,
    DeliveryStatus Status,
    string? CannotSkipBecause,
    IReadOnlyList<Milestone> Milestones,
    Milestone? CompletedOnPass,
    Milestone? ReachedOnEntry,
    IReadOnlyList<string> Aliases);
