using System.Globalization;
using System.Text;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.Record;
using static DeliveryBot.Domain.Rendering.MarkdownText;

namespace DeliveryBot.Domain.Rendering;

/// <summary>
/// The delivery record as Markdown in exactly the layout of the seed's "Delivery record template": the same
/// heading, fields, sections, table columns and order, so a DM can paste it anywhere. Empty tables keep the
/// template's empty row. User text is escaped.
/// </summary>
public static class RecordMarkdown
{
    public static string Render(Delivery delivery, DateTimeOffset now)
    {
        var s = delivery.State;
        var md = new StringBuilder();
        md.Append("# Delivery Record: ").Append(Escape(s.Client)).Append(" — ").Append(Escape(s.DigitalTalent))
            .Append('\n');
        md.Append("- **Client:** ").Append(Escape(s.Client)).Append('\n');
        md.Append("- **Scope:** ").Append(Escape(s.Scope)).Append('\n');
        md.Append("- **Intake date:** ").Append(Date(s.IntakeDate)).Append('\n');
        md.Append("- **Agreed delivery date:** ").Append(Date(s.AgreedDeliveryDate)).Append('\n');
        md.Append("- **Actual delivery date:** ").Append(Date(delivery.ActualDeliveryDate)).Append('\n');
        md.Append("- **Status:** ").Append(delivery.Status.Label()).Append('\n');

        Section(
            md,
            title: "Milestones",
            header: "| Milestone | Target date | Actual date | Status |",
            rule: "|-----------|-------------|-------------|--------|",
            rows: delivery.MilestoneViews(now).Select(v => Row(
                v.Entry.Milestone.Title(), Date(v.Entry.Target, ""), Date(v.Entry.Actual, ""), Status(delivery, v))),
            columns: 4);
        Section(
            md,
            title: "Risk register",
            header: "| Risk | Likelihood | Impact | Mitigation |",
            rule: "|------|-----------|--------|------------|",
            rows: s.Risks.Select(r => Row(
                Escape(r.Description) + (r.IsOpen ? "" : " (closed)"),
                r.Likelihood.ToString(),
                r.Impact.ToString(),
                Escape(r.Mitigation))),
            columns: 4);
        Section(
            md,
            title: "Escalations",
            header: "| Date | Issue | Escalated to | Resolution |",
            rule: "|------|-------|-------------|------------|",
            rows: s.Escalations.Select(e => Row(
                Date(delivery.Calendar.LocalDate(e.RaisedAt)),
                $"{Escape(e.Id)}: {Escape(e.Issue)}",
                Escape(e.EscalatedTo.DisplayName),
                Resolution(e))),
            columns: 4);
        Section(
            md,
            title: "Status updates sent",
            header: "| Date | Type | Summary |",
            rule: "|------|------|---------|",
            // a message the bot sent says how it went (sent by Teams or email at, or failed and why)
            rows: s.StatusUpdates.Select(u => Row(
                Date(delivery.Calendar.LocalDate(u.SentAt)),
                u.Type.Title(),
                u.SendId is null ? Escape(u.Summary) : $"{Escape(u.Summary)} ({Escape(u.Outcome(delivery.Time))})")),
            columns: 3);
        // After the template's sections, what the lifecycle adds to it.
        if (s.Requirements is { } package)
            md.Append("\n## Requirements package\n- **Signed-off requirements:** ").Append(Escape(package.Link))
                .Append("\n- **Signed off:** ").Append(Date(package.SignedOffOn))
                .Append(package.SignedOffBy is { } by ? $" by {Escape(by)}" : "").Append('\n');
        // Beyond the template, only once a date has moved: how the plan got from its baseline to the targets above.
        if (s.MilestoneMoves.Count > 0)
            Section(
                md,
                title: "Schedule changes",
                header: "| Date | Milestone | From | To | Reason | By |",
                rule: "|------|-----------|------|----|--------|----|",
                rows: s.MilestoneMoves.Select(m => Row(
                    Date(delivery.Calendar.LocalDate(m.At)),
                    m.Milestone.Title(),
                    Date(m.From, ""),
                    Date(m.To),
                    Escape(m.Reason),
                    Escape(m.By.DisplayName))),
                columns: 6);
        if (s.Blockers.Count > 0)
            Section(
                md,
                title: "Blockers",
                header: "| Raised | Blocker | Impact | Resolution |",
                rule: "|--------|---------|--------|------------|",
                rows: s.Blockers.Select(b => Row(
                    $"{Date(delivery.Calendar.LocalDate(b.RaisedAt))}, stage {(int)b.Stage}, "
                        + $"by {Escape(b.RaisedBy.DisplayName)}",
                    $"{Escape(b.Id)}: {Escape(b.Description)}",
                    Escape(string.Join("; ", new[] { b.Impact, b.DelayText is { } d ? $"delays {d}" : null }
                        .Where(t => t is not null))),
                    b.IsOpen ? "Open"
                        : $"{Escape(b.Resolution)} ({Escape(b.ResolvedBy?.DisplayName ?? "")}, "
                            + $"{Date(delivery.Calendar.LocalDate(b.ResolvedAt!.Value))})")),
                columns: 4);
        if (s.ChangeRequests.Count > 0)
            Section(
                md,
                title: "Changes",
                header: "| Change | Title | Type | Risk | Scheduled | Status |",
                rule: "|--------|-------|------|------|-----------|--------|",
                rows: s.ChangeRequests.Select(c => ChangeMarkdown.Row(c, delivery)),
                columns: 6);
        ReleaseMarkdown.Append(md, delivery);
        CommunicationPlanMarkdown.Append(md, delivery);
        Checklist(md, delivery);
        RolloutMarkdown.Append(md, delivery);
        SignOffMarkdown.Append(md, delivery, now);
        if (ReviewMarkdown.Render(delivery) is { } review) md.Append('\n').Append(review);
        return md.ToString();
    }

    /// <summary>
    /// The deployment checklist once stage 5 is under way or done: what is ticked by whom and when, what is open (or
    /// was unticked, by whom), and the DM's override with its reason. It follows the template's sections, which stay
    /// exactly as the template has them; a stage 5 skipped with nothing ticked shows none.
    /// </summary>
    private static void Checklist(StringBuilder md, Delivery delivery)
    {
        var s = delivery.State;
        var stage = delivery.Progress(Stage.DeploymentCoordination).State;
        if (stage == StageState.NotStarted
            || (stage == StageState.Skipped && s.DeploymentChecklistDone.IsEmpty && s.DeploymentChecklistMarks.IsEmpty))
            return;
        var open = delivery.OpenChecklistItems;
        md.Append("\n## Deployment checklist\n");
        md.Append("- **Done:** ").Append(DeploymentChecklist.Count - open.Count).Append(" of ")
            .Append(DeploymentChecklist.Count).Append('\n');
        md.Append("- **Open:** ").Append(open.Count == 0 ? "none" : string.Join(", ", open)).Append('\n');
        if (s.DeploymentChecklistOverride is { } o)
            md.Append("- **Override:** by ").Append(Escape(o.By.DisplayName)).Append(" at ").Append(delivery.Time(o.At))
                .Append(", with ").Append(o.OpenItems.Count).Append(" open (").Append(string.Join(", ", o.OpenItems))
                .Append("): ").Append(Escape(o.Reason)).Append('\n');
        md.Append("\n| Phase | Item | State | By | At |\n|-------|------|-------|----|----|\n");
        foreach (var phase in DeploymentChecklist.Phases)
        {
            foreach (var item in phase.Items)
            {
                var mark = delivery.LastMark(item);
                var state = delivery.IsTicked(item) ? "Ticked" : mark is null ? "Open" : "Unticked";
                md.Append(Row(
                    phase.Title,
                    item,
                    state,
                    mark is null ? "" : Escape(mark.By.DisplayName),
                    mark is null ? "" : delivery.Time(mark.At))).Append('\n');
            }
        }
    }

    private static void Section(
        StringBuilder md, string title, string header, string rule, IEnumerable<string> rows, int columns)
    {
        md.Append("\n## ").Append(title).Append('\n').Append(header).Append('\n').Append(rule).Append('\n');
        var any = false;
        foreach (var row in rows) { md.Append(row).Append('\n'); any = true; }
        if (!any) md.Append(Row(new string[columns])).Append('\n');
    }

    /// <summary>A table row of the record's Markdown; an empty cell stays empty.</summary>
    internal static string Row(params string[] cells)
        => "|" + string.Concat(cells.Select(c => string.IsNullOrEmpty(c) ? " |" : $" {c} |"));

    /// <summary>
    /// A milestone's status; a skipped one says why its stage was skipped (the quality gate asks for a documented
    /// rationale, and the record is where it is documented).
    /// </summary>
    private static string Status(Delivery delivery, MilestoneView view)
    {
        if (view.Status != MilestoneStatus.Skipped) return view.Label;
        var stage = delivery.State.Stages.Find(p => p.State == StageState.Skipped
            && StageCatalog.Get(p.Stage).Milestones.Contains(view.Entry.Milestone));
        return stage?.SkipRationale is { } why ? $"{view.Label}: {Escape(why)}" : view.Label;
    }

    private static string Resolution(Escalation e) => e.State switch
    {
        EscalationState.Resolved => Escape(e.Resolution),
        EscalationState.Acknowledged => "Acknowledged, open",
        _ => "Open",
    };

    /// <summary>A date as the record writes it (yyyy-MM-dd); <paramref name="none"/> when there is none.</summary>
    internal static string Date(DateOnly? date, string none = "TBD")
        => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? none;
}
