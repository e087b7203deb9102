using System.Text;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Record;
using static DeliveryBot.Domain.Rendering.MarkdownText;
using static DeliveryBot.Domain.Rendering.RecordMarkdown;

namespace DeliveryBot.Domain.Rendering;

/// <summary>
/// The record's "Rollout" section, after the deployment checklist: the method and rollback plan set with the window,
/// every step with who and when, every rollback (trigger, what was seen, how it went, its blocker) and the success
/// metrics after go-live. Shown once a rollout was set or anything of it recorded.
/// </summary>
internal static class RolloutMarkdown
{
    public static void Append(StringBuilder md, Delivery delivery)
    {
        var r = delivery.State.Rollout;
        if (r.Method is null && r.Steps.IsEmpty && r.Rollbacks.IsEmpty && r.Monitoring is null
            && delivery.WentLiveAt is null) return;
        md.Append("\n## Rollout\n");
        md.Append("- **Method:** ").Append(r.Method is { } m
            ? $"{Rollout.Title(m)}, set by {Escape(r.SetBy?.DisplayName)} at {delivery.Time(r.SetAt!.Value)}"
            : "not set").Append('\n');
        md.Append("- **Rollback plan:** ").Append(r.RollbackPlan is { } plan ? Escape(plan) : "—").Append('\n');
        md.Append("- **Success metrics:** ").Append(Escape(r.SuccessMetrics)).Append('\n');
        md.Append("- **Monitoring:** ").Append(Monitoring(delivery, r)).Append('\n');
        if (!r.Steps.IsEmpty)
        {
            md.Append("\n| Attempt | Step | By | At |\n|---------|------|----|----|\n");
            foreach (var step in r.Steps)
                md.Append(Row(
                    step.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    r.Describe(step),
                    Escape(step.By.DisplayName),
                    delivery.Time(step.At))).Append('\n');
        }
        if (r.Rollbacks.IsEmpty) return;
        md.Append("\n| Rollback | Trigger | Seen | Outcome | Blocker | By | At |\n"
            + "|----------|---------|------|---------|---------|----|----|\n");
        foreach (var b in r.Rollbacks)
            md.Append(Row(
                b.AfterGoLive ? "after go-live" : "while deploying",
                b.Trigger,
                Escape(b.Seen),
                (b.Clean ? "clean" : "with problems") + (b.Outcome is { } o ? $": {Escape(o)}" : ""),
                b.BlockerId,
                Escape(b.By.DisplayName),
                delivery.Time(b.At))).Append('\n');
    }

    private static string Monitoring(Delivery delivery, Rollout r)
        => r.Monitoring is { } m
            ? (m.Met ? "met" : m.Then == MonitoringFollowUp.RollBack ? "not met, rolled back" : "not met, incident "
                + "asked for") + (m.Seen is { } seen ? $" ({Escape(seen)})" : "")
                + $", by {Escape(m.By.DisplayName)} at {delivery.Time(m.At)}"
            : delivery.MonitoringDueAt is { } due ? $"24 hours after go-live, until {delivery.Time(due)}"
            : "after go-live";
}
