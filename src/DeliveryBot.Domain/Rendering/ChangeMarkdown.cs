using System.Globalization;
using System.Text;
using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.Record;
using static DeliveryBot.Domain.Rendering.MarkdownText;
using static DeliveryBot.Domain.Rendering.RecordMarkdown;

namespace DeliveryBot.Domain.Rendering;

/// <summary>
/// A change request as Markdown in the layout of the seed's "Change Request" template (the same headings, fields and
/// approvals table), and the delivery's change requests as a list. User text is escaped.
/// </summary>
public static class ChangeMarkdown
{
    public static string Render(Delivery delivery, ChangeRequest c)
    {
        var md = new StringBuilder();
        md.Append("# Change Request: ").Append(delivery.ChangeNumber(c)).Append("\n\n## Change Details\n");
        md.Append("- Title: ").Append(Escape(c.Title)).Append('\n');
        md.Append("- Type: ").Append(c.Type).Append('\n');
        md.Append("- Risk: ").Append(c.Risk).Append('\n');
        md.Append("- Environment: ").Append(Escape(c.Environment)).Append('\n');
        md.Append("- Status: ").Append(Status(delivery, c)).Append('\n');
        md.Append("\n## Requestor\n- Name: ").Append(Escape(c.Requestor.DisplayName)).Append('\n');
        md.Append("- Team: ").Append(Escape(c.Team ?? "")).Append('\n');
        md.Append("- Date: ").Append(Date(delivery.Calendar.LocalDate(c.RequestedAt))).Append('\n');
        md.Append("\n## Description\n").Append(Escape(c.Description)).Append('\n');
        md.Append("\n## Justification\n").Append(Escape(c.Justification)).Append('\n');
        md.Append("\n## Impact Analysis\n");
        md.Append("- Systems affected: ").Append(Escape(c.Impact.Systems)).Append('\n');
        md.Append("- Services affected: ").Append(Escape(c.Impact.Services)).Append('\n');
        md.Append("- Users affected: ").Append(Escape(c.Impact.Users)).Append('\n');
        md.Append("- Downtime required: ").Append(Escape(c.Impact.Downtime)).Append('\n');
        if (c.Plan.MovesAnything)
        {
            md.Append("- Plan changes: ");
            var changes = new List<string>();
            if (c.Plan.Milestone is { } m) changes.Add($"{m.Title()} to {Date(c.Plan.To!.Value)}");
            if (c.Plan.Scope is { } scope) changes.Add($"scope: {Escape(scope)}");
            md.Append(string.Join("; ", changes)).Append('\n');
        }
        md.Append("\n## Implementation Plan\n").Append(Escape(c.ImplementationPlan)).Append('\n');
        md.Append("\n## Rollback Plan\n").Append(Escape(c.RollbackPlan)).Append('\n');
        md.Append("\n## Testing Plan\n").Append(Escape(c.TestingPlan)).Append('\n');
        md.Append("\n## Schedule\n- Proposed date: ").Append(Date(c.Schedule.Date)).Append('\n');
        md.Append("- Start time: ").Append(c.Schedule.Start.ToString("HH:mm", CultureInfo.InvariantCulture))
            .Append(' ').Append(delivery.Calendar.Zone.Id).Append('\n');
        md.Append("- Duration: ").Append(Duration(c.Schedule.Duration)).Append('\n');
        md.Append("- Change freeze exception: ").Append(c.Schedule.FreezeException ? "Yes" : "No").Append('\n');
        md.Append("\n## Approvals\n| Role | Name | Status | Date |\n|------|------|--------|------|\n");
        foreach (var approver in Delivery.ApproversFor(c.Type))
        {
            var given = c.Approvals.Find(a => a.Approver == approver);
            var name = given is { } g
                ? Escape(g.By.DisplayName) + (g.Evidence is { } e ? $" (recorded for the client: {Escape(e)})" : "")
                : Escape(string.Join(", ", delivery.ApproverRoles(approver)
                    .SelectMany(delivery.HoldersOf).Select(p => p.DisplayName).Distinct()));
            var status = given is not null ? "Approved" : c.State == ChangeState.Rejected ? "Closed" : "Pending";
            md.Append(RecordMarkdown.Row(Delivery.ApproverTitle(approver), name, status,
                given is { } at ? Date(delivery.Calendar.LocalDate(at.At)) : "")).Append('\n');
        }
        if (c.Type == ChangeType.Standard)
            md.Append(RecordMarkdown.Row("Pre-approved (Standard)", "", "Approved", "")).Append('\n');
        if (c.State == ChangeState.Rejected)
            md.Append("\nRejected by ").Append(Escape(c.RejectedBy!.DisplayName)).Append(" on ")
                .Append(Date(delivery.Calendar.LocalDate(c.RejectedAt!.Value))).Append(": ")
                .Append(Escape(c.RejectionReason)).Append('\n');
        return md.ToString();
    }

    /// <summary>The delivery's change requests, one line each, newest last.</summary>
    public static string List(Delivery delivery)
    {
        var changes = delivery.State.ChangeRequests;
        if (changes.IsEmpty) return $"No change requests on {delivery.Id} yet.";
        var md = new StringBuilder($"| Change | Title | Type | Risk | Scheduled | Status |\n"
            + "|--------|-------|------|------|-----------|--------|\n");
        foreach (var c in changes) md.Append(Row(c, delivery)).Append('\n');
        return md.ToString();
    }

    /// <summary>One change as a row of the record's "Changes" table and the list.</summary>
    internal static string Row(ChangeRequest c, Delivery delivery)
        => RecordMarkdown.Row(
            delivery.ChangeNumber(c),
            Escape(c.Title),
            c.Type.ToString(),
            c.Risk.ToString(),
            $"{Date(c.Schedule.Date)} {c.Schedule.Start.ToString("HH:mm", CultureInfo.InvariantCulture)}",
            Status(delivery, c));

    private static string Status(Delivery delivery, ChangeRequest c) => c.State switch
    {
        ChangeState.Approved => $"Approved {Date(delivery.Calendar.LocalDate(c.ApprovedAt!.Value))}",
        ChangeState.Rejected => $"Rejected: {Escape(c.RejectionReason)}",
        _ => $"Pending: {string.Join(", ", Delivery.AwaitedApprovers(c).Select(Delivery.ApproverTitle))}",
    };

    private static string Duration(TimeSpan d)
        => d.TotalMinutes % 60 == 0 ? Counted.Of((int)d.TotalHours, "hour")
            : $"{(int)d.TotalMinutes} minutes";
}
