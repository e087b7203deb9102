using System.Globalization;
using System.Text;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Incidents;
using DeliveryBot.Domain.Record;
using static DeliveryBot.Domain.Rendering.MarkdownText;
using static DeliveryBot.Domain.Rendering.RecordMarkdown;

namespace DeliveryBot.Domain.Rendering;

/// <summary>
/// An incident report in the seed's layout (summary, timeline, impact, root cause, resolution, action items, lessons
/// learned), written from the incident and its timeline. Times are in the delivery's time zone, named in the timeline's
/// header. Sections with nothing in them yet say so rather than disappear, so a report read mid-incident shows what is
/// still to come. User text is escaped.
/// </summary>
public static class IncidentMarkdown
{
    public static string Render(Delivery delivery, Incident incident)
    {
        var md = new StringBuilder();
        md.Append("# Incident Report: INC-").Append(delivery.Id).Append('-').Append(incident.Id[1..]).Append('\n');
        md.Append("\n## Summary\n").Append(Escape(incident.Title)).Append(" (")
            .Append(SeverityTargets.Title(incident.Severity)).Append(incident.IsOpen ? ", open" : ", resolved")
            .Append(").\n");
        md.Append("\n## Timeline\n| Time (").Append(delivery.State.Settings.Calendar.TimeZoneId)
            .Append(") | Event |\n|------------|-------|\n");
        foreach (var e in incident.Timeline.OrderBy(e => e.At))
            md.Append(Row(delivery.Time(e.At), Escape(e.What))).Append('\n');
        var end = incident.Resolution?.RestoredAt;
        md.Append("\n## Impact\n");
        md.Append("- Duration: ").Append(end is { } restored ? Duration(restored - incident.DetectedAt) : "ongoing")
            .Append('\n');
        md.Append("- Affected services: ").Append(Escape(incident.AffectedServices)).Append('\n');
        md.Append("- Customer impact: ").Append(Escape(incident.Resolution is { } resolution
            ? resolution.CustomerImpact ?? "not stated"
            : "not stated yet"))
            .Append('\n');
        md.Append("- SLA impact: ").Append(incident.IsOutage
            ? $"Yes: an outage{(end is { } e2 ? $" of {Duration(e2 - incident.DetectedAt)}" : "")}, against the "
                + "error budget"
            : "No: not an outage").Append('\n');
        md.Append("\n## Root Cause\n").Append(Escape(incident.Resolution?.RootCause ?? "Not known yet."))
            .Append('\n');
        md.Append("\n## Resolution\n").Append(Escape(incident.Resolution?.Fix ?? "Not resolved yet.")).Append('\n');
        md.Append("\n## Action Items\n| Action | Owner | Due Date | Status |\n");
        md.Append("|--------|-------|----------|--------|\n");
        var review = incident.Review;
        if (review is null || review.ActionItems.Count == 0)
            md.Append(Row(review is null ? "Not reviewed yet." : "None needed.", "", "", "")).Append('\n');
        else
            foreach (var a in review.ActionItems)
                md.Append(Row(
                    $"{delivery.Id}-{incident.Id}-{a.Id}: {Escape(a.Action)}",
                    Escape(a.Owner.DisplayName),
                    a.Due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    a.Done is { } done ? $"Done ({Escape(done.By.DisplayName)}, {delivery.Time(done.At)})" : "Open"))
                    .Append('\n');
        var notYet = review is null ? "not reviewed yet" : "—";
        md.Append("\n## Lessons Learned\n")
            .Append("- What went well: ").Append(review is null ? notYet : Escape(review.WentWell)).Append('\n')
            .Append("- What could improve: ").Append(review is null ? notYet : Escape(review.CouldImprove))
            .Append('\n')
            .Append("- Follow-up items: ").Append(review?.FollowUpNotes is { } notes ? Escape(notes) : notYet)
            .Append('\n');
        return md.ToString();
    }

    /// <summary>"1 h 5 min", "45 min", "2 d 3 h".</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero) span = TimeSpan.Zero;
        if (span.TotalDays >= 1) return $"{(int)span.TotalDays} d {span.Hours} h";
        return span.TotalHours >= 1 ? $"{(int)span.TotalHours} h {span.Minutes} min" : $"{(int)span.TotalMinutes} min";
    }
}
