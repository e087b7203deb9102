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
                v.Entry.Milestone.Title(), Date(v.Entry.Target, ""), Date(v.Entry.Actual, ""), v.Label)),
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
            rows: s.StatusUpdates.Select(u => Row(
                Date(delivery.Calendar.LocalDate(u.SentAt)), u.Type.Title(), Escape(u.Summary))),
            columns: 3);
        // After the template's sections: what the lifecycle adds to it.
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
        return md.ToString();
    }

    private static void Section(
        StringBuilder md, string title, string header, string rule, IEnumerable<string> rows, int columns)
    {
        md.Append("\n## ").Append(title).Append('\n').Append(header).Append('\n').Append(rule).Append('\n');
        var any = false;
        foreach (var row in rows) { md.Append(row).Append('\n'); any = true; }
        if (!any) md.Append(Row(new string[columns])).Append('\n');
    }

    private static string Row(params string[] cells)
        => "|" + string.Concat(cells.Select(c => string.IsNullOrEmpty(c) ? " |" : $" {c} |"));

    private static string Resolution(Escalation e) => e.State switch
    {
        EscalationState.Resolved => Escape(e.Resolution),
        EscalationState.Acknowledged => "Acknowledged, open",
        _ => "Open",
    };

    private static string Date(DateOnly? date, string none = "TBD")
        => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? none;
}
