using System.Text;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Policies;
using DeliveryBot.Domain.Record;
using static DeliveryBot.Domain.Rendering.MarkdownText;
using static DeliveryBot.Domain.Rendering.RecordMarkdown;

namespace DeliveryBot.Domain.Rendering;

/// <summary>
/// The record's "Communication plan" section, after the release readiness: the seed's table (when, who, what) with
/// each message's due day and whether it went. Shown once the deployment window is confirmed.
/// </summary>
internal static class CommunicationPlanMarkdown
{
    public static void Append(StringBuilder md, Delivery delivery)
    {
        var plan = CommunicationPlan.Of(delivery);
        if (plan.Count == 0) return;
        md.Append("\n## Communication plan\n");
        md.Append("\n| When | Who | What | Due | Went |\n|------|-----|------|-----|------|\n");
        foreach (var item in plan)
            md.Append(Row(
                item.When,
                item.Who,
                item.Type.Title(),
                Date(item.Due),
                item.Went is not { } went ? "not yet"
                    : went.SendId is null
                        ? $"{delivery.Time(went.SentAt)}, {Escape(went.Outcome(delivery.Time))}"
                        : Escape(went.Outcome(delivery.Time)))).Append('\n');
    }
}
