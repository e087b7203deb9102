using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;

namespace DeliveryBot.Domain.Policies;

/// <summary>When a gate check's holder was asked: the one definition used by pending actions and nudges.</summary>
public static class GateRequests
{
    /// <summary>When the check became answerable; null while it cannot be answered yet.</summary>
    public static DateTimeOffset? OpenSince(Delivery delivery, GateCheck check)
    {
        if (!delivery.IsActive(check.Stage)) return null;
        if (check == Checks.QaPass && delivery.CurrentQaAttempt is not { AwaitingVerdict: true }) return null;
        if (check == Checks.DeploymentSucceeded
            && delivery.State.Milestones[(int)Milestone.DeploymentStart].Actual is null) return null;
        return AskedAt(delivery, check);
    }

    /// <summary>
    /// When the check's holder was last asked, answered since or not (null if never): open checks start their nudges
    /// from it, and the delivery metrics measure how long an answer took from it, so both mean the same ask.
    /// </summary>
    public static DateTimeOffset? AskedAt(Delivery delivery, GateCheck check)
    {
        if (check == Checks.ScheduleAcknowledgedByPla || check == Checks.ScheduleAcknowledgedByDeployment)
            return delivery.State.SchedulePublishedAt;
        if (check == Checks.QaPass) return delivery.CurrentQaAttempt?.SubmittedAt;
        if (check == Checks.ClientReceipt) return delivery.HandoverSent?.SentAt;
        return delivery.Progress(check.Stage).StartedAt;
    }

    /// <summary>
    /// When nudging starts: production and deployment are due at their planned dates, the rest when asked.
    /// </summary>
    public static DateTimeOffset? NudgeFrom(Delivery delivery, GateCheck check)
    {
        if (OpenSince(delivery, check) is not { } asked) return null;
        var due = check == Checks.ProductionComplete
                ? delivery.State.Milestones[(int)Milestone.ProductionComplete].Target
            : check == Checks.DeploymentSucceeded ? delivery.State.DeploymentWindow?.End
            : null;
        return due is { } d && delivery.Calendar.StartOf(d) > asked ? delivery.Calendar.StartOf(d) : asked;
    }
}
