using DeliveryBot.Application.Reminders;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Policies;
using DeliveryBot.Domain.Rendering;
using DeliveryBot.Teams.Cards;
using DeliveryBot.Teams.Connector;
using DeliveryBot.Teams.Conversations;
using DeliveryBot.Teams.Protocol;
using Microsoft.Extensions.Logging;

namespace DeliveryBot.Teams.Notifications;

/// <summary>
/// Sends what waits in the outbox: reminders, each as the card that answers it (a gate nudge is the nudge card, a
/// check-in the check-in card, the status-update cadence the drafted update, an escalation the escalation card) or a
/// plain message, and notices (<see cref="Notice"/>), in the recipient's 1:1 chat. A claimed row is marked sent only after Teams took it; a failure is
/// retried with backoff; someone the bot cannot reach (no Entra id, blocked, removed) is given up on with the reason,
/// kept on the row, never dropped silently.
/// </summary>
/// <remarks>
/// A batch is sent concurrently, one recipient's messages in order; the connector's rate limiter paces each chat and
/// the tenant. Each row's lease is renewed, in this sender's name, just before its send: a sender that stalled past
/// its lease and lost the row to another sender finds out there and does not send it too.
/// </remarks>
public sealed partial class ReminderDispatcher(
    IOutbox outbox, IDeliveryStore store, CardPoster poster, ProactiveMessenger messenger, DeliveryTenants tenants, UnreachableNotice unreachable,
    AwayNotice away, PeopleLookup people, SenderIdentity sender, TimeProvider clock, ILogger<ReminderDispatcher> logger) : IOutboxSender
{
    /// <summary>How long a claimed row is ours before another sender may take it; renewed before each send.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(20);

    /// <summary>Recipients served at once within a batch.</summary>
    private const int Parallelism = 16;

    public async Task<int> DispatchAsync(int limit, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var claimed = await outbox.ClaimDueAsync(now, now + Lease, limit, sender.Name, ct);
        var recipients = claimed.GroupBy(i => i.Message.RecipientKey).ToList();
        await Parallel.ForEachAsync(recipients, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (messages, token) =>
        {
            foreach (var item in messages) await SendAsync(item, token);
        });
        return claimed.Count;
    }

    public Task<int> RecoverAsync(CancellationToken ct) => outbox.ReleaseLeasesAsync(sender.Name, ct);

    private async Task<bool> SendAsync(OutboxItem item, CancellationToken ct)
    {
        if (!await outbox.RenewLeaseAsync(item.Id, sender.Name, clock.GetUtcNow() + Lease, ct)) return false; // another sender has it now
        if (item.Message.Kind == Notice.OutboxKind) return await SendNoticeAsync(item, ct);
        if (item.Message.Kind != ReminderMessage.OutboxKind || ReminderMessage.FromJson(item.Message.Payload) is not { } reminder)
            return await GiveUpAsync(item, "not a reminder this bot can read", ct);
        if (await store.FindAsync(reminder.DeliveryId, ct) is not { } delivery) return await GiveUpAsync(item, $"there is no delivery {reminder.DeliveryId}", ct);
        // Someone known by email only may be in the directory by now (Graph configured since, or a colleague added later).
        if (reminder.Recipient is { ObjectId: null, Email: { } email } && await people.ByEmailAsync(email, [], ct) is { ObjectId: not null } found)
            reminder = reminder with { Recipient = found };
        if (reminder.Recipient.ObjectId is null) return await GiveUpAsync(item, $"{reminder.Recipient} is not in Teams (known by email only)", ct);
        if (await tenants.OfAsync(delivery, null, ct) is not { } tenant) return await RetryAsync(item, "no tenant is known for this delivery yet", ct);

        var marked = false;
        var result = Card(delivery, reminder) is { } card
            ? await poster.SendToAsync(reminder.Recipient, tenant, card, delivery, $"{delivery.Id}: {reminder.Subject}", ct,
                taken: async () => { await outbox.MarkSentAsync(item.Id, clock.GetUtcNow(), ct); marked = true; }) // first thing: keeps the window a crash can duplicate in small
            : await messenger.SendToUserAsync(tenant, reminder.Recipient.ObjectId, Activity.Message(
                $"**{delivery.Id}** · {MarkdownText.Escape(delivery.State.Client)}: {MarkdownText.Escape(reminder.Subject)}"), ct);
        switch (result.Status)
        {
            case SendStatus.Sent:
                if (!marked) await outbox.MarkSentAsync(item.Id, clock.GetUtcNow(), ct);
                if (reminder is { Kind: ReminderKind.GateNudge, Reference: { } checkKey } && Domain.Lifecycle.StageCatalog.FindCheck(checkKey) is { } check)
                    await away.TellIfAwayAsync(delivery, reminder.Recipient, check.Role, reminder.Subject, tenant, ct);
                return true;
            case SendStatus.Unreachable:
                await unreachable.TellAsync(delivery, reminder.Recipient, reminder.Subject, result.Reason, ct);
                return await GiveUpAsync(item, result.Reason ?? "unreachable", ct);
            default:
                return await RetryAsync(item, result.Reason ?? "failed", ct);
        }
    }

    /// <summary>A notice: a plain message to its recipient. Someone the bot cannot reach is not told about it in turn.</summary>
    private async Task<bool> SendNoticeAsync(OutboxItem item, CancellationToken ct)
    {
        if (Notice.FromJson(item.Message.Payload) is not { Recipient.ObjectId: { } recipient } notice) return await GiveUpAsync(item, "not a notice this bot can send", ct);
        if (await store.FindAsync(notice.DeliveryId, ct) is not { } delivery) return await GiveUpAsync(item, $"there is no delivery {notice.DeliveryId}", ct);
        if (await tenants.OfAsync(delivery, null, ct) is not { } tenant) return await RetryAsync(item, "no tenant is known for this delivery yet", ct);
        var result = await messenger.SendToUserAsync(tenant, recipient, Activity.Message(notice.Markdown), ct);
        return result.Status switch
        {
            SendStatus.Sent => await MarkSentAsync(item, ct),
            SendStatus.Unreachable => await GiveUpAsync(item, result.Reason ?? "unreachable", ct),
            _ => await RetryAsync(item, result.Reason ?? "failed", ct),
        };
    }

    private async Task<bool> MarkSentAsync(OutboxItem item, CancellationToken ct)
    {
        await outbox.MarkSentAsync(item.Id, clock.GetUtcNow(), ct);
        return true;
    }

    /// <summary>The card a reminder is, when it is one.</summary>
    private static CardRef? Card(Delivery delivery, ReminderMessage reminder) => reminder.Kind switch
    {
        ReminderKind.GateNudge when reminder.Reference is { } check => new CardRef("nudge", delivery.Id, check),
        ReminderKind.ProductionCheckIn => new CardRef("checkin", delivery.Id),
        ReminderKind.StatusUpdateDue => new CardRef("update", delivery.Id, nameof(Domain.Record.CommunicationType.StatusUpdate)),
        ReminderKind.EscalationNotice or ReminderKind.EscalationNudge when reminder.Reference is { } escalation => new CardRef("escalation", delivery.Id, escalation),
        _ => null,
    };

    private async Task<bool> RetryAsync(OutboxItem item, string reason, CancellationToken ct)
    {
        // 30 s, 1, 2, 4 ... minutes, at most an hour: Teams' own retries already ran inside the connector.
        var wait = TimeSpan.FromSeconds(Math.Min(3600, 30 * Math.Pow(2, Math.Min(item.Attempts, 7))));
        await outbox.MarkFailedAsync(item.Id, reason, clock.GetUtcNow() + wait, ct);
        NotSent(item.Message.IdempotencyKey, reason, wait);
        return false;
    }

    private async Task<bool> GiveUpAsync(OutboxItem item, string reason, CancellationToken ct)
    {
        await outbox.MarkFailedAsync(item.Id, reason, null, ct);
        GaveUp(item.Message.IdempotencyKey, reason);
        return false;
    }

    [LoggerMessage(EventId = 3200, Level = LogLevel.Warning, Message = "Reminder {Key} not sent ({Reason}); retrying in {Wait}")]
    private partial void NotSent(string key, string reason, TimeSpan wait);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Error, Message = "Reminder {Key} given up: {Reason}")]
    private partial void GaveUp(string key, string reason);
}
