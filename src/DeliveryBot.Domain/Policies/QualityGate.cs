using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;

namespace DeliveryBot.Domain.Policies;

/// <summary>
/// The seed's closing quality gate: all 7 stages completed or skipped with rationale, client receipt
/// acknowledged, review complete, record fully populated (every milestone has an actual date or a
/// documented skip, every role filled, handover package and review complete), all escalations resolved.
/// </summary>
public static class QualityGate
{
    public static IReadOnlyList<string> Missing(Delivery delivery)
    {
        var state = delivery.State;
        var missing = new List<string>();
        foreach (var stage in state.Stages.Where(s => !s.IsDone))
            missing.Add(
                $"Stage {(int)stage.Stage} ({stage.Stage.Title()}) is neither completed nor skipped with a rationale.");
        if (state.ClientAcknowledgement is null) missing.Add("The client has not acknowledged receipt.");
        if (state.Review is null) missing.Add("The post-delivery review is not complete.");
        foreach (var m in state.Milestones.Where(m => m.Actual is null && !m.Skipped))
            missing.Add($"Milestone '{m.Milestone.Title()}' has no actual date.");
        foreach (var role in RoleNames.All.Where(r => delivery.HoldersOf(r).Count == 0))
            missing.Add($"No {role.Title()} is assigned.");
        if (state.Handover is null) missing.Add("The handover package is not complete.");
        foreach (var e in state.Escalations.Where(e => !e.IsResolved))
            missing.Add($"Escalation {e.Id} is not resolved: {e.Issue}");
        return missing;
    }
}
