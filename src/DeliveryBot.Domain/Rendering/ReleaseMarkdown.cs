using System.Text;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.People;
using static DeliveryBot.Domain.Rendering.MarkdownText;
using static DeliveryBot.Domain.Rendering.RecordMarkdown;

namespace DeliveryBot.Domain.Rendering;

/// <summary>
/// The record's "Release readiness" section, after the template's sections: the exit criteria with whose each is and
/// who confirmed it when, the go/no-go due date and every decision with its reason or evidence. Shown once stage 5 is
/// under way or anything was confirmed.
/// </summary>
internal static class ReleaseMarkdown
{
    public static void Append(StringBuilder md, Delivery delivery)
    {
        var s = delivery.State;
        if (s.ExitCriteriaMarks.IsEmpty && s.GoNoGoDecisions.IsEmpty
            && delivery.Progress(Stage.DeploymentCoordination).State is not StageState.Active) return;
        md.Append("\n## Release readiness\n");
        md.Append("- **Exit criteria met:** ").Append(ExitCriteria.All.Count - delivery.OpenExitCriteria.Count)
            .Append(" of ").Append(ExitCriteria.All.Count).Append('\n');
        if (delivery.GoNoGoDate is { } due) md.Append("- **Go/no-go due:** ").Append(Date(due)).Append('\n');
        md.Append("- **Decision:** ").Append(delivery.ReleaseApproved
            ? "go: the deployment may start"
            : $"round {delivery.GoNoGoRound}, not decided").Append('\n');
        md.Append("\n| Exit criterion | Owner | State | By | At |\n|----------------|-------|-------|----|----|\n");
        foreach (var c in ExitCriteria.All)
        {
            var mark = delivery.LastMark(c);
            md.Append(Row(
                c.Name,
                c.Owner.Title(),
                mark is null ? "Open" : mark.Met ? "Met" : "Not met",
                mark is null ? "" : Escape(mark.By.DisplayName),
                mark is null ? "" : delivery.Time(mark.At))).Append('\n');
        }
        if (s.GoNoGoDecisions.IsEmpty) return;
        md.Append("\n| Round | Decider | Decision | By | At | Why |\n|-------|---------|----------|----|----|-----|\n");
        foreach (var d in s.GoNoGoDecisions)
            md.Append(Row(
                d.Round.ToString(System.Globalization.CultureInfo.InvariantCulture),
                d.As.Title(),
                d.Go ? "Go" : $"No-go ({Escape(d.BlockerId)})",
                Escape(d.By.DisplayName) + (d.Evidence is null ? "" : " for the client"),
                delivery.Time(d.At),
                Escape(string.Join("; ", new[] { d.Reason, d.Evidence is { } e ? $"evidence: {e}" : null }
                    .Where(t => t is not null))))).Append('\n');
    }
}
