using System.Globalization;
using System.Text;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using static DeliveryBot.Domain.Rendering.MarkdownText;

namespace DeliveryBot.Domain.Rendering;

/// <summary>
/// The client status update, drafted from the record for the DM to send (SPEC §4): where the delivery stands,
/// every milestone with target and actual, the open risks that concern the client, and the next step. Internal
/// matters (escalations, who owes what inside the team) stay out of it.
/// </summary>
public static class ClientMessages
{
    public static string StatusUpdateDraft(Delivery delivery, DateTimeOffset now)
    {
        var s = delivery.State;
        var md = new StringBuilder();
        md.Append("**Status update: ").Append(Escape(s.DigitalTalent)).Append(" for ").Append(Escape(s.Client)).Append("**\n\n");
        md.Append("Where we are: ").Append(delivery.Status.Label()).Append(" (").Append(delivery.CurrentStage.Title()).Append(").");
        if (s.AgreedDeliveryDate is { } agreed) md.Append(" Agreed delivery date: ").Append(Date(agreed)).Append('.');
        md.Append("\n\nMilestones:\n");
        foreach (var v in delivery.MilestoneViews(now).Where(v => v.Entry.Target is not null || v.Entry.Actual is not null))
        {
            md.Append("- ").Append(v.Entry.Milestone.Title()).Append(": ");
            md.Append(v.Entry.Actual is { } actual ? $"done {Date(actual)}" : $"planned {Date(v.Entry.Target!.Value)}");
            if (v.IsLate) md.Append(" (running late)");
            md.Append('\n');
        }
        var risks = s.Risks.Where(r => r.IsOpen && r.ConcernsClient).ToList();
        if (risks.Count > 0)
        {
            md.Append("\nRisks we are managing:\n");
            foreach (var r in risks) md.Append("- ").Append(Escape(r.Description)).Append(": ").Append(Escape(r.Mitigation)).Append('\n');
        }
        md.Append("\nNext: ").Append(NextStep(delivery)).Append('\n');
        return md.ToString();
    }

    private static string NextStep(Delivery delivery) => delivery.CurrentStage switch
    {
        Stage.IntakeHandoff => "confirming the requirements and timeline with you.",
        Stage.DeliveryPlanning => "finalising the delivery schedule.",
        Stage.ProductionTracking => $"completing production (target {Target(delivery, Milestone.ProductionComplete)}).",
        Stage.QaGate => $"quality certification (target {Target(delivery, Milestone.QaCertified)}).",
        Stage.DeploymentCoordination => $"deployment (target {Target(delivery, Milestone.DeploymentComplete)}).",
        _ => "handing the delivery over to you and reviewing it together.",
    };

    private static string Target(Delivery delivery, Milestone m)
        => delivery.State.Milestones[(int)m].Target is { } t ? Date(t) : "to be confirmed";

    private static string Date(DateOnly date) => date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
}
