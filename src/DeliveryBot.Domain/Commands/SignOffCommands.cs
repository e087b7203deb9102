using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using DeliveryBot.Domain.Rendering;

namespace DeliveryBot.Domain.Commands;

/// <summary>
/// Stage 6: the DM (or their stand-in) issues a sign-off link for a client contact who is not in Teams, once the
/// handover communication went and the client has not acknowledged it. The link is kept on the record (L1, L2…) and
/// works once, until it expires or is revoked; earlier links stay valid until then. With <see cref="Mail"/> (Graph
/// can send for the organisation) the bot emails it to the client contact's address, as it sends any client message:
/// logged in "Status updates sent" as being sent until it went or failed, the DM told of a failure.
/// </summary>
public sealed record IssueSignOffLink(TimeSpan ValidFor, MailRoute? Mail = null) : DeliveryCommand
{
    /// <summary>The longest a link may stay valid: a handover left unacknowledged longer needs a new one.</summary>
    public static readonly TimeSpan LongestValidity = TimeSpan.FromDays(90);

    public override string Action => "issue-signoff-link";

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(meta, Role.DeliveryManager);
        if (ValidFor <= TimeSpan.Zero || ValidFor > LongestValidity)
            throw new RuleViolation($"A sign-off link is valid for up to {LongestValidity.TotalDays:0} days.");
        SignOffRules.RequireAwaitingReceipt(delivery);
        var contact = delivery.RequireHolder(Role.ClientContact);
        var route = Mail is null ? null : MailRouteTo(delivery, contact, Mail);
        var link = new SignOffLink(
            Id: $"L{delivery.State.SignOffLinks.Count + 1}",
            IssuedAt: meta.At,
            IssuedBy: meta.Actor,
            ExpiresAt: meta.At + ValidFor);
        delivery.Change(s => s with { SignOffLinks = s.SignOffLinks.Add(link) });
        var issued =
            $"Sign-off link {link.Id} issued for {contact}: it works once, until {delivery.Time(link.ExpiresAt)}.";
        if (route is null) return issued;
        const CommunicationType type = CommunicationType.SignOffLink;
        var summary = $"Sign-off link {link.Id} to {contact}";
        delivery.Change(s => s with
        {
            StatusUpdates = s.StatusUpdates.Add(
                new StatusUpdate(SentAt: meta.At, type, Summary: summary, SentBy: meta.Actor, Channel: "email")
                {
                    State = CommunicationState.Sending, SendId = meta.CommandId, To = route.To,
                }),
        });
        delivery.Raise(new ClientMessageSending(
            SendId: meta.CommandId,
            type,
            route,
            Subject: ClientMessages.Subject(delivery, type, meta.At),
            Text: ClientMessages.SignOffLinkDraft(delivery),
            Summary: $"{summary} being sent by email"));
        return $"{issued} It is being emailed to {route.To} ({route.To.Email}) from {route.From}; you will be told "
            + "if it does not go.";
    }

    /// <summary>
    /// Email, to the client contact's own address, from the shared mailbox or the DM's: a contact in Teams has the
    /// acknowledgement card there, and the link is no message for Teams.
    /// </summary>
    private static ClientSendRoute MailRouteTo(Delivery delivery, Person contact, MailRoute mail)
    {
        if (contact.Email is null)
            throw new RuleViolation($"{contact} has no email address to send the link to: type signoff "
                + $"{delivery.Id} for a link to send them yourself.");
        if ((mail.SharedMailbox ?? delivery.HolderOf(Role.DeliveryManager)?.Email) is not { } from)
            throw new RuleViolation("There is no mailbox to send it from (a shared mailbox, or the Delivery "
                + "Manager's address).");
        if (delivery.BeingSent(CommunicationType.SignOffLink) is not null)
            throw new RuleViolation("A sign-off link is being emailed already: wait to hear how it went.");
        return new ClientSendRoute(ClientChannel.Email, contact, from);
    }
}

/// <summary>The DM (or their stand-in) revokes every sign-off link of the delivery that could still be used.</summary>
public sealed record RevokeSignOffLinks : DeliveryCommand
{
    public override string Action => "revoke-signoff-links";

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(meta, Role.DeliveryManager);
        var open = delivery.State.SignOffLinks.Where(l => l.IsOpenAt(meta.At)).Select(l => l.Id).ToList();
        if (open.Count == 0) throw new RuleViolation($"Delivery {delivery.Id} has no sign-off link that still works.");
        delivery.Change(s => s with
        {
            SignOffLinks = [.. s.SignOffLinks.Select(l => open.Contains(l.Id)
                ? l with { RevokedAt = meta.At, RevokedBy = meta.Actor }
                : l)],
        });
        return $"Sign-off link{(open.Count > 1 ? "s" : "")} {string.Join(", ", open)} revoked by {meta.Actor}.";
    }
}

/// <summary>When a sign-off link may be issued or used: the rule <c>ClientAckCard</c> shows its buttons by.</summary>
internal static class SignOffRules
{
    public static void RequireAwaitingReceipt(Delivery delivery)
    {
        if (delivery.State.ClientAcknowledgement is { } ack)
            throw new RuleViolation(
                $"The client's receipt was already acknowledged at {delivery.Time(ack.RecordedAt)}.");
        if (delivery.HandoverSent is null)
            throw new RuleViolation("The handover communication has not been sent yet; send it first.");
    }

    /// <summary>Marks the link used by the acknowledgement being applied; refuses one that does not work now.</summary>
    public static void Use(Delivery delivery, SignOffUse use, CommandMeta meta)
    {
        if (delivery.State.SignOffLinks.Find(l => l.Id == use.LinkId) is not { } link || !link.IsOpenAt(meta.At))
            throw new RuleViolation("This sign-off link does not work any more.");
        delivery.Change(s => s with { SignOffLinks = s.SignOffLinks.Replace(link, link with { UsedAt = meta.At }) });
    }
}
