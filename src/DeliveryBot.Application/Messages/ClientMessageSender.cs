using DeliveryBot.Application.Deliveries;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using Microsoft.Extensions.Logging;

namespace DeliveryBot.Application.Messages;

/// <summary>
/// Sends a client message the DM pressed Send on (the dispatcher hands it its outbox row) and writes how it went back
/// to the record: sent, or failed with the reason (the record's change then tells the DM, through the outbox).
/// </summary>
/// <remarks>
/// The guarantee is at most once, never silently lost. Neither channel can be asked whether a message already went
/// (Graph's sendMail and the Bot Connector have no idempotency key), and a client reading the same email or message
/// twice is worse than the DM being told "it may not have gone: check". So before the channel is called the row is
/// marked in flight, durably; a send that crashes half way leaves that mark, and the outbox's retry then records the
/// message as failed with "cannot tell whether it went" (the DM is told, and may mark it sent or press Send again)
/// instead of sending it a second time. A send that certainly did not go (throttled, no token, Teams unavailable) is
/// retried by the outbox like any other message; one that was refused is recorded failed at once. A duplicate click
/// or a Teams retry is one press (the domain refuses a second send of a kind while one is in flight, and the row is
/// keyed by the press), so it is sent once.
/// </remarks>
public sealed partial class ClientMessageSender(
    DeliveryService deliveries,
    IOutbox outbox,
    IMessageChannel channel,
    IClientMail mail,
    TimeProvider clock,
    ILogger<ClientMessageSender> logger,
    SignOff.ClientSignOff? signOff = null)
{
    /// <summary>What the row's last error says while its send is under way.</summary>
    public const string InFlight = "in flight: ";

    /// <summary>
    /// How long a send in flight keeps its row from everyone else: far longer than one takes (Graph's throttling
    /// retries included), so only a crashed send's row is claimed again.
    /// </summary>
    public static readonly TimeSpan InFlightFor = TimeSpan.FromMinutes(10);

    /// <summary>Tries of a message that certainly did not go, before it is recorded failed.</summary>
    public const int Tries = 5;

    public async Task SendAsync(OutboxItem item, ClientMessage message, Delivery delivery, CancellationToken ct)
    {
        // settled already: its outcome was recorded and a crash kept the row from being marked
        if (delivery.State.StatusUpdates.Find(u => u.SendId == message.SendId) is not
            { State: CommunicationState.Sending })
        {
            await outbox.MarkSentAsync(item.Id, clock.GetUtcNow(), ct);
            return;
        }
        if (item.LastError?.StartsWith(InFlight, StringComparison.Ordinal) == true)
        {
            await FailAsync(item, message, Uncertain(message), ct);
            return;
        }
        if (Refusal(message, delivery) is { } refused)
        {
            await FailAsync(item, message, refused, ct);
            return;
        }
        // a sign-off link is made from the record as it goes, never kept in the outbox, and only while it works
        var (text, deadLink) = signOff is null ? (message.Text, null) : signOff.WithLinks(delivery, message.Text);
        if (deadLink is not null || text is null)
        {
            await FailAsync(item, message, deadLink ?? "sign-off links are not set up on this bot.", ct);
            return;
        }
        await outbox.MarkFailedAsync(item.Id, InFlight + message.Via, clock.GetUtcNow() + InFlightFor, ct);
        var (status, reason) = message.Via == ClientChannel.Teams
            ? await ByTeamsAsync(message, delivery, ct)
            : await ByEmailAsync(message with { Text = text }, delivery, ct);
        switch (status)
        {
            case MailStatus.Sent:
                await SettleAsync(message, sent: true, failure: null, ct);
                await outbox.MarkSentAsync(item.Id, clock.GetUtcNow(), ct);
                break;
            case MailStatus.NotSent when item.Attempts < Tries:
                // certainly not gone: the outbox tries again, as with any message
                var wait = TimeSpan.FromSeconds(Math.Min(3600, 30 * Math.Pow(2, Math.Min(item.Attempts, 7))));
                await outbox.MarkFailedAsync(item.Id, reason!, clock.GetUtcNow() + wait, ct);
                NotSent(message.SendId, reason!, wait);
                break;
            default:
                await FailAsync(item, message, reason!, ct);
                break;
        }
    }

    /// <summary>
    /// The tenant rule, checked again as it goes: only to the delivery's client contact, in the delivery's own
    /// organisation (the row says both; a row that says otherwise was not written by this bot for this delivery).
    /// </summary>
    private static string? Refusal(ClientMessage message, Delivery delivery)
    {
        if (!string.Equals(message.TenantId, delivery.State.TenantId, StringComparison.Ordinal))
            return "it names another organisation than the delivery's.";
        return delivery.State.Stakeholders.Any(
            s => s.Role == Role.ClientContact && s.Person.IsSameAs(message.Recipient))
            ? null
            : $"{message.Recipient} is no longer the delivery's client contact.";
    }

    private async Task<(MailStatus, string?)> ByTeamsAsync(
        ClientMessage message, Delivery delivery, CancellationToken ct)
    {
        var result = await channel.SendAsync(message, delivery, ct);
        return result.Status switch
        {
            MessageStatus.Sent => (MailStatus.Sent, null),
            // the connector already retried what Teams answered with a pause or a 5xx, as for every message
            MessageStatus.Failed => (MailStatus.NotSent, $"Teams did not take it ({result.Reason})."),
            _ => (MailStatus.Failed, $"Teams refused it ({result.Reason})."),
        };
    }

    private async Task<(MailStatus, string?)> ByEmailAsync(
        ClientMessage message, Delivery delivery, CancellationToken ct)
    {
        if (message.From is not { } from || message.Recipient.Email is null)
            return (MailStatus.Failed, "there is no address to send it from or to.");
        var result = await mail.SendAsync(
            delivery.State.TenantId, new OutgoingMail(from, message.Recipient, message.Subject, message.Text), ct);
        return (result.Status, result.Reason);
    }

    private static string Uncertain(ClientMessage message)
        => $"the bot stopped while sending it, so it cannot tell whether it reached {message.Recipient}: check "
           + (message.Via == ClientChannel.Teams
               ? "your client's chat with the bot"
               : $"the Sent Items of {message.From}")
           + ", then mark it sent, or send it again.";

    private async Task FailAsync(OutboxItem item, ClientMessage message, string reason, CancellationToken ct)
    {
        await SettleAsync(message, sent: false, failure: reason, ct);
        await outbox.MarkFailedAsync(item.Id, reason, retryAt: null, ct);
        Failed(message.SendId, reason);
    }

    /// <summary>How it went, on the record (once: the command id is made from the press).</summary>
    private async Task SettleAsync(ClientMessage message, bool sent, string? failure, CancellationToken ct)
    {
        var result = await deliveries.ExecuteAsync(
            message.DeliveryId,
            new RecordClientMessageOutcome(message.SendId, sent, failure),
            commandId: $"{message.SendId}:outcome",
            actor: Person.System,
            source: "outbox",
            ct: ct);
        if (!result.Outcome.Changed && result.Outcome.Kind != OutcomeKind.Duplicate)
            NotRecorded(message.SendId, result.Outcome.Message);
    }

    [LoggerMessage(EventId = 3210, Level = LogLevel.Warning,
        Message = "Client message {SendId} not sent ({Reason}); retrying in {Wait}")]
    private partial void NotSent(string sendId, string reason, TimeSpan wait);

    [LoggerMessage(EventId = 3211, Level = LogLevel.Warning, Message = "Client message {SendId} failed: {Reason}")]
    private partial void Failed(string sendId, string reason);

    [LoggerMessage(EventId = 3212, Level = LogLevel.Warning,
        Message = "How client message {SendId} went was not recorded: {Answer}")]
    private partial void NotRecorded(string sendId, string answer);
}
