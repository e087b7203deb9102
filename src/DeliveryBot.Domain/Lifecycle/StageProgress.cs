namespace DeliveryBot.Domain.Lifecycle;

public enum StageState { NotStarted, Active, Passed, Skipped }

/// <summary>Where one stage stands on one delivery.</summary>
public sealed record StageProgress(
    Stage Stage, StageState State, DateTimeOffset? StartedAt = null, DateTimeOffset? EndedAt = null,
    string? SkipRationale = null, string? SkippedBy = null)
{
    public bool IsDone => State is StageState.Passed or StageState.Skipped;
}
