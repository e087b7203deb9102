using DeliveryBot.Application.Deliveries;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Policies;
using DeliveryBot.Teams.Cards;
using DeliveryBot.Teams.Connector;
using DeliveryBot.Teams.Conversations;
using DeliveryBot.Teams.Protocol;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DeliveryBot.Teams.Notifications;

/// <summary>
/// After every saved change: every card posted about the delivery is redrawn in place (the living status card and
/// every copy of a gate card); each person whose turn has just come gets the card for it in their 1:1 chat; and the
/// Delivery Manager hears every gate outcome someone else decided. A failed send is logged with its reason and the
/// person is marked unreachable by the messenger; it never undoes the change, which is already saved.
/// </summary>
public sealed partial class ChangeNotifier(
    PendingChanges queue, IConversationStore conversations, CardDrawer cards, CardPoster poster, ProactiveMessenger messenger,
    IBotConnector connector, DeliveryTenants tenants, UnreachableNotice unreachable, TimeProvider clock, ILogger<ChangeNotifier> logger) : BackgroundService
{
    /// <summary>The audit actions that are a gate's outcome, which the DM hears about.</summary>
    private static readonly HashSet<string> GateOutcomes = new(StringComparer.Ordinal)
    {
        "acknowledge-gate", "qa-verdict", "acknowledge-receipt", "complete-review", "stage-passed", "stage-skipped", "decision-withdrawn",
    };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (change, origin) in queue.ReadAllAsync(stoppingToken))
        {
            try
            {
                await HandleAsync(change, origin, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                NotifyFailed(e, change.After.Id, change.After.Version);
            }
            finally
            {
                queue.Done(change);
            }
        }
    }

    public async Task HandleAsync(DeliveryChanged change, ChangeOrigin origin, CancellationToken ct)
    {
        if (!queue.IsSuperseded(change)) await RedrawPostedCardsAsync(change.After, ct);
        if ((origin.Tenant ?? await tenants.OfAsync(change.After, change.Actor, ct)) is not { } tenant) return;
        await SendNewTurnsAsync(change, origin.Clicked, tenant, ct);
        await TellDeliveryManagerAsync(change, tenant, ct);
    }

    private async Task RedrawPostedCardsAsync(Delivery delivery, CancellationToken ct)
    {
        foreach (var posted in await conversations.PostedCardsAsync(delivery.Id, ct))
        {
            if (!cards.Knows(posted.Template)) continue;
            var card = await cards.DrawAsync(new CardRef(posted.Template, posted.DeliveryId, posted.Focus), delivery, new CardContext(clock.GetUtcNow()), ct);
            var result = await connector.UpdateAsync(posted.ServiceUrl, posted.ConversationId, posted.ActivityId, Activity.Card(card), posted.TenantId, ct);
            if (result.Status == SendStatus.Unreachable) await conversations.ForgetPostedCardAsync(posted, ct); // deleted, or the bot was removed
            else if (result.Status != SendStatus.Sent) SendFailed(delivery.Id, $"update of card {posted.Template}", result.Reason ?? "unknown");
        }
    }

    private async Task SendNewTurnsAsync(DeliveryChanged change, CardRef? clicked, string tenant, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var before = change.Before is null ? [] : NextActions.ByPerson(change.Before, now).Select(Key).ToHashSet();
        var sent = new HashSet<(string, CardRef)>();
        foreach (var owed in NextActions.ByPerson(change.After, now))
        {
            if (before.Contains(Key(owed)) || ReminderPolicy.Announces(owed.Action.Kind) || CardFor(change.After.Id, owed.Action) is not { } card) continue;
            if (owed.Person.IsSameAs(change.Actor) && card == clicked) continue; // the card they clicked already shows it
            foreach (var recipient in Recipients(change.After, owed, now))
            {
                if (!sent.Add((recipient.Key, card))) continue;
                var result = await poster.SendToAsync(recipient, tenant, card, change.After, $"{change.After.Id}: {owed.Action.What}", ct);
                if (result.Status == SendStatus.Unreachable) await unreachable.TellAsync(change.After, recipient, owed.Action.What, result.Reason, ct);
                if (result.Status != SendStatus.Sent) SendFailed(change.After.Id, $"{owed.Action.What} to {recipient}", result.Reason ?? "unknown");
            }
        }
    }

    /// <summary>
    /// Who gets the card: the person who owes it; for a check the DM may record for its holder (client receipt), the
    /// DM too when that holder is not in Teams (known only by email), so the gate never waits on someone the bot cannot reach.
    /// </summary>
    private static IEnumerable<Person> Recipients(Delivery delivery, PersonAction owed, DateTimeOffset now)
    {
        if (owed.Person.ObjectId is not null) return [owed.Person];
        return Domain.Lifecycle.StageCatalog.FindCheck(owed.Action.CheckKey) is { Proxy: Domain.Lifecycle.Proxy.DmWithEvidence }
            ? delivery.ActorsFor(Role.DeliveryManager, now)
            : [owed.Person];
    }

    private CardRef? CardFor(string deliveryId, PendingAction action)
    {
        var card = ActionCards.For(deliveryId, action);
        if (card is not null && cards.Knows(card.Template)) return card;
        return action.CheckKey is { } check ? ActionCards.Gate(deliveryId, check) : null;
    }

    private async Task TellDeliveryManagerAsync(DeliveryChanged change, string tenant, CancellationToken ct)
    {
        if (change.After.HolderOf(Role.DeliveryManager) is not { ObjectId: { } dm } manager || manager.IsSameAs(change.Actor)) return;
        var from = change.Before?.State.Audit.Count ?? 0;
        var outcomes = change.After.State.Audit.Skip(from).Where(e => GateOutcomes.Contains(e.Action)).Select(e => e.Summary).ToList();
        if (outcomes.Count == 0) return;
        var text = $"**{change.After.Id}** · {Domain.Rendering.MarkdownText.Escape(change.After.State.Client)}\n\n"
                   + string.Join("\n", outcomes.Select(o => $"- {Domain.Rendering.MarkdownText.Escape(o)}"));
        var result = await messenger.SendToUserAsync(tenant, dm, Activity.Message(text), ct);
        if (result.Status != SendStatus.Sent) SendFailed(change.After.Id, $"gate outcome to {manager}", result.Reason ?? "unknown");
    }

    private static (string, string) Key(PersonAction a) => (a.Person.Key, $"{a.Action.Kind}|{a.Action.CheckKey}|{a.Action.Subject}");

    [LoggerMessage(EventId = 3100, Level = LogLevel.Error, Message = "Notifying the change to delivery {DeliveryId} (version {Version}) failed")]
    private partial void NotifyFailed(Exception e, string deliveryId, long version);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Delivery {DeliveryId}: {What} was not sent: {Reason}")]
    private partial void SendFailed(string deliveryId, string what, string reason);
}
