using System.Text;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Record;
using static DeliveryBot.Domain.Rendering.MarkdownText;
using static DeliveryBot.Domain.Rendering.RecordMarkdown;

namespace DeliveryBot.Domain.Rendering;

/// <summary>
/// The record's "Client sign-off" section, after the template's: every sign-off link with who issued it and what
/// became of it, and the acknowledgement given through one with its evidence (when, which link, the address and the
/// browser it came from). Shown once a link was issued.
/// </summary>
internal static class SignOffMarkdown
{
    public static void Append(StringBuilder md, Delivery delivery, DateTimeOffset now)
    {
        var links = delivery.State.SignOffLinks;
        if (links.IsEmpty) return;
        md.Append("\n## Client sign-off\n| Link | Issued | Expires | State |\n|------|--------|---------|-------|\n");
        foreach (var link in links)
            md.Append(Row(
                link.Id,
                $"{delivery.Time(link.IssuedAt)} by {Escape(link.IssuedBy.DisplayName)}",
                delivery.Time(link.ExpiresAt),
                State(delivery, link, now))).Append('\n');
        if (delivery.State.ClientAcknowledgement is { SignedOff: { } use } ack)
            md.Append("\n- **Acknowledged:** ").Append(delivery.Time(ack.RecordedAt))
                .Append(" by ").Append(Escape(ack.RecordedBy.DisplayName))
                .Append(" through link ").Append(use.LinkId)
                .Append(", from ").Append(Escape(use.From ?? "an unknown address"))
                .Append(use.UserAgent is { } agent ? $" ({Escape(agent)})" : "")
                .Append(ack.FeedbackText.Length > 0 ? $": \"{Escape(ack.FeedbackText)}\"" : "").Append('\n');
    }

    private static string State(Delivery delivery, SignOffLink link, DateTimeOffset now)
        => link.UsedAt is { } used ? $"used {delivery.Time(used)}"
            : link.RevokedAt is { } revoked
                ? $"revoked {delivery.Time(revoked)} by {Escape(link.RevokedBy?.DisplayName)}"
            : link.ExpiresAt <= now ? "expired"
            : "open";
}
