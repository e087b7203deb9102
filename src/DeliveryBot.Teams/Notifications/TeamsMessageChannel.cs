using DeliveryBot.Application.Messages;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Policies;
using DeliveryBot.Domain.Rendering;
using DeliveryBot.Teams.Cards;
using DeliveryBot.Teams.Cards.Forms;
using DeliveryBot.Teams.Cards.Views;
using DeliveryBot.Teams.Connector;
using DeliveryBot.Teams.Conversations;
using DeliveryBot.Teams.Protocol;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;

namespace DeliveryBot.Teams.Notifications;

/// <summary>
/// Says one outbox message in Teams: a reminder as the card that answers it (a gate nudge is the nudge card, a
/// check-in the check-in card, the status-update cadence the drafted update, an escalation the escalation card) or a
/// plain message; a turn's card; a card for information; a notice; a posted card drawn again, or told it moved. Always
/// in the recipient's 1:1 chat, or in place. What became of it goes back to the dispatcher, which records it.
/// </summary>
internal sealed class TeamsMessageChannel(
    CardPoster poster,
    CardDrawer cards,
    CardTemplates templates,
    ProactiveMessenger messenger,
    IBotConnector connector,
    DeliveryTenants tenants,
    AwayNotice away,
    PeopleLookup people,
    TimeProvider clock) : IMessageChannel
{
    public Task<SendOutcome> SendAsync(OutgoingMessage message, Delivery delivery, CancellationToken ct)
        => message switch
        {
            ReminderMessage reminder => SendReminderAsync(reminder, delivery, ct),
            TurnCard turn => SendTurnAsync(turn, delivery, ct),
            InformationCard info => SendInformationAsync(info, delivery, ct),
            Notice notice => SendNoticeAsync(notice, delivery, ct),
            CardMoved moved => TellMovedAsync(moved, delivery, ct),
            ClientMessage client => SendToClientAsync(client, ct),
            _ => Task.FromResult(SendOutcome.Rejected($"the Teams channel does not send {message.GetType().Name}")),
        };

    public async Task<bool> AfterSentAsync(OutgoingMessage message, Delivery delivery, CancellationToken ct)
        => message is ReminderMessage nudge
            && NudgedRole(nudge) is { } role
            && await away.TellIfAwayAsync(
                delivery,
                nudged: nudge.Recipient,
                role,
                what: nudge.Subject,
                nudgeKey: $"{delivery.Key}:{nudge.Key}",
                ct);

    /// <summary>The role a nudge asks of its recipient: a gate's, or the revised schedule's acknowledger.</summary>
    private static Role? NudgedRole(ReminderMessage reminder) => reminder switch
    {
        { Kind: ReminderKind.GateNudge, Reference: { } checkKey } when FindCheck(checkKey) is { } check => check.Role,
        { Kind: ReminderKind.RevisedScheduleNudge, Reference: { } role }
            when Enum.TryParse<Role>(role, ignoreCase: false, out var acknowledger) => acknowledger,
        _ => null,
    };

    public async Task<SendOutcome> RedrawAsync(PostedCard card, Delivery delivery, CancellationToken ct)
    {
        if (!cards.Knows(card.Template)) return SendOutcome.Rejected($"there is no '{card.Template}' card any more");
        var which = new CardRef(card.Template, card.DeliveryId, card.Focus);
        // drawn, compared and sent at once: a card redrawn behind every click needs no array of its own; in someone's
        // own chat, drawn for them as it was when it was sent
        var drawn = await cards.DrawAsync(
            which, delivery, new CardContext(clock.GetUtcNow(), card.Viewer), ct, rented: true);
        try
        {
            var digest = CardPoster.Digest(drawn);
            var over = cards.IsOver(which, delivery);
            if (digest == card.DrawnHash)
                return over
                    ? SendOutcome.Sent(card with { Final = true })
                    : SendOutcome.Skipped("it already shows this");
            var result = await connector.UpdateAsync(
                serviceUrl: card.ServiceUrl,
                conversationId: card.ConversationId,
                activityId: card.ActivityId,
                activity: Activity.Card(drawn),
                tenantId: card.TenantId,
                ct);
            return Of(result, card with { DrawnHash = digest, Final = over });
        }
        finally
        {
            drawn.Return(); // the connector's body is written from it during the call, never after
        }
    }

    private async Task<SendOutcome> SendReminderAsync(ReminderMessage reminder, Delivery delivery, CancellationToken ct)
    {
        var recipient = await InTeamsAsync(delivery, reminder.Recipient, ct);
        if (recipient.ObjectId is not { } oid)
            return SendOutcome.Rejected($"{recipient} is not in Teams (known by email only)");
        if (await tenants.OfAsync(delivery, actor: null, ct) is not { } tenant)
            return SendOutcome.Failed("no tenant is known for this delivery yet");
        if (CardOf(delivery, reminder) is { } card)
        {
            var (result, posted) = await poster.SendToAsync(
                person: recipient,
                tenantId: tenant,
                card,
                delivery,
                summary: $"{delivery.Id}: {reminder.Subject}",
                ct);
            return Of(result, posted);
        }
        return Of(await messenger.SendToUserAsync(tenant, oid, Activity.Message(
            $"**{delivery.Id}** · {MarkdownText.Escape(delivery.State.Client)}: "
                + $"{MarkdownText.Escape(reminder.Subject)}"), ct));
    }

    private async Task<SendOutcome> SendTurnAsync(TurnCard turn, Delivery delivery, CancellationToken ct)
    {
        if (!turn.StillOwed(delivery, clock.GetUtcNow()))
            return SendOutcome.Skipped("their turn was over before the card went");
        if (!cards.Knows(turn.Card.Template)) return SendOutcome.Rejected($"there is no '{turn.Card.Template}' card");
        var recipient = await InTeamsAsync(delivery, turn.Recipient, ct);
        if (recipient.ObjectId is null)
            return SendOutcome.Rejected($"{recipient} is not in Teams (known by email only)");
        if ((turn.TenantId ?? await tenants.OfAsync(delivery, actor: null, ct)) is not { } tenant)
            return SendOutcome.Failed("no tenant is known for this delivery yet");
        var (result, posted) = await poster.SendToAsync(
            person: recipient,
            tenantId: tenant,
            card: new CardRef(turn.Card.Template, delivery.Id, turn.Card.Focus),
            delivery,
            summary: $"{delivery.Id}: {turn.Action.What}",
            ct);
        return Of(result, posted);
    }

    private async Task<SendOutcome> SendInformationAsync(
        InformationCard info, Delivery delivery, CancellationToken ct)
    {
        if (!cards.Knows(info.Card.Template)) return SendOutcome.Rejected($"there is no '{info.Card.Template}' card");
        if (info.Recipient.ObjectId is null)
            return SendOutcome.Rejected($"{info.Recipient} is not in Teams (known by email only)");
        if ((info.TenantId ?? await tenants.OfAsync(delivery, actor: null, ct)) is not { } tenant)
            return SendOutcome.Failed("no tenant is known for this delivery yet");
        var (result, posted) = await poster.SendToAsync(
            person: info.Recipient,
            tenantId: tenant,
            card: new CardRef(info.Card.Template, delivery.Id, info.Card.Focus),
            delivery,
            summary: $"{delivery.Id}: {info.What}",
            ct);
        return Of(result, posted);
    }

    private async Task<SendOutcome> SendNoticeAsync(Notice notice, Delivery delivery, CancellationToken ct)
    {
        if (notice.Recipient.ObjectId is not { } oid)
            return SendOutcome.Rejected($"{notice.Recipient} is not in Teams (known by email only)");
        if ((notice.TenantId ?? await tenants.OfAsync(delivery, actor: null, ct)) is not { } tenant)
            return SendOutcome.Failed("no tenant is known for this delivery yet");
        return Of(await messenger.SendToUserAsync(tenant, oid, Activity.Message(notice.Markdown), ct));
    }

    /// <summary>
    /// A client message, as a message from the bot in the client contact's 1:1 chat, in the delivery's own
    /// organisation (a guest or federated contact is reached there too); never in the tenant of whoever clicked.
    /// </summary>
    private async Task<SendOutcome> SendToClientAsync(ClientMessage client, CancellationToken ct)
    {
        if (client.Via != Domain.Record.ClientChannel.Teams || client.Recipient.ObjectId is not { } oid)
            return SendOutcome.Rejected($"{client.Recipient} is not in Teams (known by email only)");
        if (client.TenantId.Length == 0) return SendOutcome.Rejected("the delivery belongs to no organisation");
        return Of(await messenger.SendToUserAsync(client.TenantId, oid, Activity.Message(client.Text), ct));
    }

    private async Task<SendOutcome> TellMovedAsync(CardMoved moved, Delivery delivery, CancellationToken ct)
    {
        var card = templates.Render(
            MovedCard.Template, MovedCard.Data(delivery.Id, delivery.State.Client, moved.Template));
        return Of(await connector.UpdateAsync(
            serviceUrl: moved.ServiceUrl,
            conversationId: moved.ConversationId,
            activityId: moved.ActivityId,
            activity: Activity.Card(card),
            tenantId: moved.TenantId,
            ct));
    }

    /// <summary>
    /// Someone known by email only may be in the directory by now (Graph configured since, or a colleague added
    /// later).
    /// </summary>
    private async Task<Person> InTeamsAsync(Delivery delivery, Person person, CancellationToken ct)
        => person is { ObjectId: null, Email: { } email }
            && await people.ByEmailAsync(delivery.State.TenantId, email, [], ct) is { ObjectId: not null } found
                ? found
                : person;

    private static CardRef? CardOf(Delivery delivery, ReminderMessage reminder) => reminder.Kind switch
    {
        ReminderKind.GateNudge when reminder.Reference is { } check => new CardRef(Templates.Nudge, delivery.Id, check),
        ReminderKind.RevisedScheduleNudge => new CardRef(Templates.Schedule, delivery.Id, ScheduleCard.Revised),
        ReminderKind.ProductionCheckIn => new CardRef(Templates.CheckIn, delivery.Id),
        ReminderKind.SuccessMetricsDue => new CardRef(Templates.Deployment, delivery.Id),
        ReminderKind.StatusUpdateDue
            => new CardRef(Templates.Update, delivery.Id, nameof(Domain.Record.CommunicationType.StatusUpdate)),
        // the communication plan's messages: the update card drafts each (reference: its kind)
        ReminderKind.ReleaseScopeFinalizedDue or ReminderKind.GoNoGoDecisionDue or ReminderKind.ReleaseNotesDue
            or ReminderKind.ChangelogEmailDue when reminder.Reference is { } kind
            => new CardRef(Templates.Update, delivery.Id, kind),
        ReminderKind.EscalationNotice or ReminderKind.EscalationNudge when reminder.Reference is { } escalation
            => new CardRef(Templates.Escalation, delivery.Id, escalation),
        // the incident's card again, its Post an update at hand
        ReminderKind.IncidentStatusDue when reminder.Reference is { } incident
            => new CardRef(Templates.Incident, delivery.Id, incident),
        // the post-incident review's card: the form for the review asked for, Done for an action item (I1-A1)
        ReminderKind.IncidentReviewDue or ReminderKind.ActionItemDue when reminder.Reference is { } item
            => new CardRef(Templates.IncidentReview, delivery.Id, item.Split('-')[0]),
        // the SLA dashboard with the month's figures, its buttons at hand
        ReminderKind.ErrorBudgetAlert => new CardRef(Templates.Sla, delivery.Id),
        _ => null,
    };

    private static SendOutcome Of(SendResult result, PostedCard? posted = null) => result.Status switch
    {
        SendStatus.Sent => SendOutcome.Sent(posted),
        SendStatus.Unreachable => SendOutcome.Unreachable(result.Reason),
        _ => SendOutcome.Failed(result.Reason),
    };
}
