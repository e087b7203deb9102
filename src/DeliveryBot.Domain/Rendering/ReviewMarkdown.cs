using System.Globalization;
using System.Text;
using DeliveryBot.Domain.Deliveries;
using static DeliveryBot.Domain.Rendering.MarkdownText;

namespace DeliveryBot.Domain.Rendering;

/// <summary>
/// The post-delivery review document as Markdown: what went well, what could improve, the follow-ups with their
/// owners, due dates and who marked them done when, the client's feedback. Read back with `review D1` and at the end
/// of the record. Headings and lists only (no tables), so it reads the same rendered in a Teams message and pasted
/// elsewhere. User text is escaped.
/// </summary>
public static class ReviewMarkdown
{
    /// <summary>The document, or null while the review has not been completed.</summary>
    public static string? Render(Delivery delivery)
    {
        if (delivery.State.Review is not { } r) return null;
        var md = new StringBuilder();
        md.Append("## Post-delivery review\n");
        md.Append("Completed ").Append(delivery.Time(r.CompletedAt)).Append(" by ")
            .Append(Escape(r.CompletedBy.DisplayName)).Append(".\n");
        List("What went well", r.WentWell.Select(Escape));
        List("What could improve", r.CouldImprove.Select(Escape));
        List("Follow-ups", r.FollowUps.Select((f, i) =>
            $"{Delivery.FollowUpId(i)}: {Escape(f.Action)} — owner {Escape(f.OwnedBy?.DisplayName ?? f.Owner)}"
                + (f.Due is { } due ? $", due {due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}" : "")
                + (f.Done is { } done
                    ? $" — **done** by {Escape(done.By.DisplayName)} on {delivery.Time(done.At)}"
                        + (done.Note is { } note ? $": {Escape(note)}" : "")
                    : "")));
        var feedback = r.ClientFeedback ?? delivery.State.ClientAcknowledgement?.FeedbackText ?? "";
        md.Append("\n### Client feedback\n").Append(feedback.Length > 0 ? Escape(feedback) : "None recorded.")
            .Append('\n');
        return md.ToString();

        void List(string title, IEnumerable<string> items)
        {
            md.Append("\n### ").Append(title).Append('\n');
            var any = false;
            foreach (var item in items) { md.Append("- ").Append(item).Append('\n'); any = true; }
            if (!any) md.Append("None.\n");
        }
    }
}
