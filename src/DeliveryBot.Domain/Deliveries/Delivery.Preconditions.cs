using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.Record;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;

namespace DeliveryBot.Domain.Deliveries;

/// <summary>What must be true before each gate check can be decided: the one place these rules live.</summary>
public sealed partial class Delivery
{
    public IEnumerable<string> PreconditionsFor(GateCheck check)
    {
        if (check == Checks.RequirementsUnambiguous)
            foreach (var a in State.Ambiguities.Where(a => a.IsOpen))
                yield return $"Ambiguity {a.Id} is still open: {a.Question}";
        if (check == Checks.ClientTimelineAcknowledged && State.AgreedDeliveryDate is null)
            yield return "The agreed delivery date is not recorded on the delivery.";
        if (check == Checks.ScheduleAcknowledgedByPla || check == Checks.ScheduleAcknowledgedByDeployment)
        {
            if (State.Schedule is null) yield return "There is no schedule yet: the DM plans it first.";
            else if (State.SchedulePublishedAt is null)
                yield return "The schedule has not been shared with the stakeholders yet.";
        }
        if (check == Checks.ProductionComplete && State.Milestones[(int)Milestone.ProductionStart].Actual is null)
            yield return "Production start has not been recorded (a check-in or 'production started' records it).";
        if (check == Checks.DeploymentSucceeded)
        {
            if (State.DeploymentWindow is null) yield return "The deployment window has not been confirmed.";
            if (State.Milestones[(int)Milestone.DeploymentStart].Actual is null)
                yield return "Deployment start has not been recorded.";
            if (ChecklistHoldsDeployment() is { } open) yield return open;
        }
        if (check == Checks.QaPass && CurrentQaAttempt is not { AwaitingVerdict: true })
            yield return "No QA submission is awaiting a verdict.";
        if (check == Checks.ClientReceipt && HandoverSent is null)
            yield return "The handover communication has not been sent to the client yet.";
        foreach (var b in State.Blockers.Where(b => b.Holds(check.Stage)))
            yield return $"Blocker {b.Id} is still open: {b.Description}";
    }

    public QaAttempt? CurrentQaAttempt => State.QaAttempts.LastOrDefault();

    internal void RequireReady(GateCheck check)
    {
        var missing = PreconditionsFor(check).ToList();
        if (missing.Count > 0)
            throw new Common.RuleViolation($"{check.DoneVerb}: not yet. {string.Join(" ", missing)}", missing);
    }
}
