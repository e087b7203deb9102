using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Application.Messages;

/// <summary>
/// Email to a client contact (Microsoft Graph's sendMail in production), so the application never sees a Graph type.
/// Like the directory it serves one organisation: a delivery of another is answered "no mail" and never sent from.
/// </summary>
public interface IClientMail
{
    /// <summary>
    /// How mail goes for a delivery of this organisation; null when it cannot (Graph not configured for it).
    /// </summary>
    MailRoute? RouteFor(string tenantId);

    /// <summary>Sends one email; what became of it, in words when it did not go.</summary>
    Task<MailResult> SendAsync(string tenantId, OutgoingMail mail, CancellationToken ct);
}

/// <summary>An email from the mailbox <see cref="From"/> to <see cref="To"/>'s address, as plain text.</summary>
public sealed record OutgoingMail(string From, Person To, string Subject, string Body);

public enum MailStatus
{
    /// <summary>The mail server took it.</summary>
    Sent,

    /// <summary>It certainly did not go (throttled, no token): worth trying again later.</summary>
    NotSent,

    /// <summary>It was refused, or it cannot be told whether it went: not tried again, the DM decides.</summary>
    Failed,
}

public sealed record MailResult(MailStatus Status, string? Reason = null);
