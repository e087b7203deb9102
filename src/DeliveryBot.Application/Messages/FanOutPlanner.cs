using DeliveryBot.Application.Deliveries;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Policies;
using DeliveryBot.Domain.Record;
using DeliveryBot.Domain.Rendering;

namespace DeliveryBot.Application.Messages;

/// <summary>
/// What follows a change, planned from what the command did (its events) and written as outbox rows in the same
/// transaction as the record, so a crash after the save cannot lose it: every posted card redrawn, each person whose
/// turn has come sent the card for it, the Delivery Manager told every gate outcome someone else decided, the giver and
/// the receiver of a delegation someone else ended told it is over, the Client Intake Manager told what the Delivery
/// Manager they named answered. Each row's key is made from the command id and its target, so deciding the same
/// command again writes nothing new.
/// </summary>
public sealed class FanOutPlanner(ICardCatalog cards)
{
    public IReadOnlyList<OutboxMessage> Plan(
        Delivery after, IReadOnlyList<DeliveryEvent> events, ChangeSource source, DateTimeOffset now)
    {
        // Every posted card, the one just clicked too: a click's answer replaces the card only on the clicker's own
        // screen (Teams keeps the message as it was), so the update is what every reader, and the clicker's other
        // devices and later visits, see. A note the answer carried goes with it: it was for that moment.
        var rows = new List<OutboxMessage>
        {
            OutboxKinds.Row(
                new CardRedraw(after.Key, after.Version),
                $"{after.Key}:redraw:{after.Version}",
                $"delivery:{after.Key}",
                now),
        };
        // A command has one or two kinds of event: what follows a kind is planned only when the command had it (each
        // plan is an iterator over the events, made on every change otherwise).
        var toldByCard = new List<Person>();
        if (Has<TurnOpened>(events))
            foreach (var turn in TurnCards(after, events, source, now))
            {
                rows.Add(turn.Row);
                // a DM sent the failure notice reads the failure there: the same news as a line too would be said twice
                if (turn.Kind == ActionKind.Remediate) toldByCard.Add(turn.Recipient);
            }
        rows.AddRange(InformationCards(after, events, source, now));
        if (OutcomesForTheDeliveryManager(after, events, source, toldByCard) is { } note)
            rows.Add(note.ToOutbox($"{source.CommandId}:outcomes", now));
        if (Has<DelegationEnded>(events)) rows.AddRange(DelegationsEnded(after, events, source, now));
        if (Has<TeamTold>(events)) rows.AddRange(Told(after, events, source, now));
        if (Has<IncidentChanged>(events)) rows.AddRange(IncidentNews(after, events, source, now));
        if (Has<ManagerAnswered>(events)) rows.AddRange(ManagerAnswers(after, events, source, now));
        if (Has<ClientMessageSending>(events) || Has<ClientMessageFailed>(events))
            rows.AddRange(ClientMessages(after, events, now));
        if (Has<PlanCommunicationPosted>(events)) rows.AddRange(PlanMessages(after, events, now));
        return rows;
    }

    private static bool Has<T>(IReadOnlyList<DeliveryEvent> events) where T : DeliveryEvent
    {
        for (var i = 0; i < events.Count; i++) // by index: a list's enumerator through its interface is boxed
            if (events[i] is T) return true;
        return false;
    }

    /// <summary>
    /// An internal message of the communication plan the DM pressed Send on: a notice to each stakeholder it is for,
    /// in the delivery's organisation, keyed by the press and the person so the same press writes nothing new.
    /// </summary>
    private static IEnumerable<OutboxMessage> PlanMessages(
        Delivery after, IReadOnlyList<DeliveryEvent> events, DateTimeOffset now)
    {
        foreach (var posted in events.OfType<PlanCommunicationPosted>())
            foreach (var person in posted.To)
                yield return new Notice(
                    after.Key,
                    $"**{after.Id}** · {MarkdownText.Escape(after.State.Client)}, from "
                        + $"{MarkdownText.Escape(Sender(after, posted))}:"
                        + $"\n\n{posted.Text}",
                    person)
                {
                    TenantId = after.State.TenantId is { Length: > 0 } tenant ? tenant : null,
                }.ToOutbox($"{posted.SendId}:plan-message:{person.Key}", now);
    }

    private static string Sender(Delivery after, PlanCommunicationPosted posted)
        => after.State.StatusUpdates.Find(u => u.SendId == posted.SendId)?.SentBy.DisplayName ?? "the DM";

    /// <summary>
    /// The Client Intake Manager who opened the delivery for a Delivery Manager, told that they confirmed it or
    /// declined it and why (a declined one is closed: a new delivery naming someone else is the way on).
    /// </summary>
    private static IEnumerable<OutboxMessage> ManagerAnswers(
        Delivery after, IReadOnlyList<DeliveryEvent> events, ChangeSource source, DateTimeOffset now)
    {
        foreach (var answered in events.OfType<ManagerAnswered>()
            .Where(a => a.ProposedBy.ObjectId is not null && !a.ProposedBy.IsSameAs(source.Actor)))
        {
            var text = $"**{after.Id}** · {MarkdownText.Escape(after.State.Client)}\n\n"
                + MarkdownText.Escape(answered.Summary)
                + (answered.Confirmed ? "" : "\n\nThe delivery is closed; to run it, open it again with `new`, naming "
                    + "another Delivery Manager.");
            yield return new Notice(after.Key, text, answered.ProposedBy) { TenantId = source.TenantId }
                .ToOutbox($"{source.CommandId}:manager-answered:{answered.ProposedBy.Key}", now);
        }
    }

    /// <summary>
    /// A client message the DM pressed Send on, written in the transaction that logs it as being sent, so the one
    /// dispatcher sends it (to the delivery's client contact, in the delivery's organisation); and the DM told when one
    /// did not go. Keyed by the press (its command id): the same press decided again writes nothing new.
    /// </summary>
    private static IEnumerable<OutboxMessage> ClientMessages(
        Delivery after, IReadOnlyList<DeliveryEvent> events, DateTimeOffset now)
    {
        for (var i = 0; i < events.Count; i++) // by index: a list's enumerator through its interface is boxed
        {
            var happened = events[i];
            if (happened is ClientMessageSending sending)
                yield return OutboxKinds.Row(
                    new ClientMessage(
                        DeliveryId: after.Key,
                        SendId: sending.SendId,
                        sending.Type,
                        sending.Route.Via,
                        Recipient: sending.Route.To,
                        From: sending.Route.From,
                        sending.Subject,
                        sending.Text,
                        TenantId: after.State.TenantId),
                    $"{after.Key}:{sending.SendId}:client-message",
                    OutboxKinds.PersonLane(sending.Route.To),
                    now);
            else if (happened is ClientMessageFailed failed
                && after.HolderOf(Role.DeliveryManager) is { ObjectId: not null } manager)
                yield return new Notice(
                    after.Key,
                    $"**{after.Id}** · {MarkdownText.Escape(after.State.Client)}: the "
                        + $"{failed.Type.Title().ToLowerInvariant()} to {MarkdownText.Escape(failed.To.DisplayName)} "
                        + $"did not go: {MarkdownText.Escape(failed.Failure)}\n\n"
                        + (failed.Type == CommunicationType.SignOffLink
                            ? $"Type signoff {after.Id} mail to email a new link, or signoff {after.Id} for one to "
                                + "send yourself."
                            : "Press **Send to the client** on its card to try again, or send it yourself and "
                                + "**Mark as sent**."),
                    manager)
                {
                    TenantId = after.State.TenantId is { Length: > 0 } tenant ? tenant : null,
                }.ToOutbox($"{failed.SendId}:client-message-failed", now);
        }
    }

    /// <summary>
    /// The people an event tells what happened (a rollback: QA, the PLA and the DM), in Teams and other than who did
    /// it; keyed by the command and the cause, so deciding the same command again writes nothing new.
    /// </summary>
    private static IEnumerable<OutboxMessage> Told(
        Delivery after, IReadOnlyList<DeliveryEvent> events, ChangeSource source, DateTimeOffset now)
    {
        foreach (var told in events.OfType<TeamTold>())
        {
            var text = $"**{after.Id}** · {MarkdownText.Escape(after.State.Client)}\n\n"
                + MarkdownText.Escape(told.Summary);
            foreach (var person in told.To.Where(p => p.ObjectId is not null && !p.IsSameAs(source.Actor)))
                yield return new Notice(after.Key, text, person) { TenantId = source.TenantId }
                    .ToOutbox($"{source.CommandId}:told:{told.Cause}:{person.Key}", now);
        }
    }

    /// <summary>
    /// An incident's status update, new severity or resolution, to its commander and the team in Teams (the seed's
    /// "communicate" while responding), other than who did it; keyed by the command and the person.
    /// </summary>
    private static IEnumerable<OutboxMessage> IncidentNews(
        Delivery after, IReadOnlyList<DeliveryEvent> events, ChangeSource source, DateTimeOffset now)
    {
        foreach (var changed in events.OfType<IncidentChanged>())
        {
            if (after.FindIncident(changed.IncidentId) is not { } incident) continue;
            var text = $"**{after.Id}-{incident.Id}** · {MarkdownText.Escape(incident.Title)} "
                + $"({Domain.Incidents.SeverityTargets.Title(incident.Severity)})\n\n"
                + MarkdownText.Escape(changed.Summary);
            foreach (var person in after.IncidentAudience(incident, now)
                .Where(p => p.ObjectId is not null && !p.IsSameAs(source.Actor)))
                yield return new Notice(after.Key, text, person) { TenantId = source.TenantId }
                    .ToOutbox($"{source.CommandId}:incident:{incident.Id}:{person.Key}", now);
        }
    }

    /// <summary>
    /// The holder who gave a delegation and the delegate who received it, told that someone else ended it early (the
    /// one who ended it has their answer; a lapsed delegation is the scheduler's to tell its holder).
    /// </summary>
    private static IEnumerable<OutboxMessage> DelegationsEnded(
        Delivery after, IReadOnlyList<DeliveryEvent> events, ChangeSource source, DateTimeOffset now)
    {
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is not DelegationEnded { By.IsSystem: false } ended) continue;
            var d = ended.Delegation;
            var text = $"**{after.Id}** · {MarkdownText.Escape(after.State.Client)}\n\n"
                + $"{MarkdownText.Escape(ended.By.DisplayName)} ended the delegation of the {d.Role.Title()} role "
                + $"from {MarkdownText.Escape(d.From.DisplayName)} to {MarkdownText.Escape(d.To.DisplayName)} "
                + $"(it was to run until {d.Until:yyyy-MM-dd}): the role is back with "
                + $"{MarkdownText.Escape(d.From.DisplayName)}.";
            foreach (var person in new[] { d.From, d.To }
                .Where(p => p.ObjectId is not null && !p.IsSameAs(ended.By)))
                yield return new Notice(after.Key, text, person) { TenantId = source.TenantId }
                    .ToOutbox($"{source.CommandId}:delegation-ended:{d.Number}:{person.Key}", now);
        }
    }

    private IEnumerable<(OutboxMessage Row, Person Recipient, ActionKind Kind)> TurnCards(
        Delivery after, IReadOnlyList<DeliveryEvent> events, ChangeSource source, DateTimeOffset now)
    {
        var planned = new HashSet<(string, CardName)>();
        foreach (var turn in events.OfType<TurnOpened>())
        {
            // Nudges, escalations and the review's start are the scheduler's to announce; a blocker is resolved in
            // words.
            if (ReminderPolicy.Announces(turn.Action.Kind) || cards.CardFor(turn.Action) is not { } card) continue;
            foreach (var recipient in Recipients(after, turn, events, now))
            {
                // the card they clicked already shows it
                if (recipient.IsSameAs(source.Actor) && card == source.Clicked) continue;
                // two actions on one card: one card
                if (!planned.Add((recipient.Key, card))) continue;
                yield return (OutboxKinds.Row(
                    new TurnCard(
                        DeliveryId: after.Key,
                        Owed: turn.Person,
                        Recipient: recipient,
                        Action: turn.Action,
                        Card: card,
                        TenantId: source.TenantId),
                    $"{after.Key}:{source.CommandId}:turn:{recipient.Key}:{card.Template}:{card.Focus}",
                    OutboxKinds.PersonLane(recipient),
                    now), recipient, turn.Action.Kind);
            }
        }
    }

    /// <summary>
    /// The cards that tell people what happened: the schedule to every stakeholder it was shared with, the delay notice
    /// offered to the DM. Only to people in Teams: someone known by email only is not told they cannot be reached about
    /// something they need not do. A delay notice's row is keyed by its cause, so each cause offers it once.
    /// </summary>
    private IEnumerable<OutboxMessage> InformationCards(
        Delivery after, IReadOnlyList<DeliveryEvent> events, ChangeSource source, DateTimeOffset now)
    {
        for (var i = 0; i < events.Count; i++)
        {
            var happened = events[i];
            if (cards.InformationFor(happened) is not { } card) continue;
            var (recipients, why) = happened switch
            {
                ScheduleShared shared => (shared.With, source.CommandId),
                DelayNoticeDue due => ([due.To], $"delay:{due.Cause}"),
                // the incident's card to the team, the declarer too (to follow); the commander's is their turn's card
                IncidentDeclared declared when after.FindIncident(declared.IncidentId) is { } incident
                    => (Following(after, incident, now), source.CommandId),
                _ => ((IReadOnlyList<Person>)[], ""),
            };
            foreach (var recipient in recipients.Where(p => p.ObjectId is not null).DistinctBy(p => p.Key))
                yield return OutboxKinds.Row(
                    new InformationCard(
                        DeliveryId: after.Key,
                        Recipient: recipient,
                        Card: card,
                        What: happened.Summary,
                        TenantId: source.TenantId),
                    $"{after.Key}:{why}:info:{recipient.Key}:{card.Template}:{card.Focus}",
                    OutboxKinds.PersonLane(recipient),
                    now);
        }
    }

    /// <summary>Who follows an incident without commanding it: the team but its commander and stand-ins.</summary>
    private static IReadOnlyList<Person> Following(Delivery after, Incident incident, DateTimeOffset now)
    {
        var commanding = after.ActorsFor(after.CommandingRole(incident), now).Prepend(incident.Commander).ToList();
        return [.. after.IncidentAudience(incident, now).Where(p => !commanding.Any(p.IsSameAs))];
    }

    /// <summary>
    /// Who gets the card: the person who owes it; for a check the DM may record for its holder (the client's receipt),
    /// the DM too when that holder is not in Teams (known by email only), so the gate never waits on someone
    /// unreachable. A QA failure's notice goes to the DM as well: the seed has the DM receive the failure report,
    /// coordinate the remediation, update the timeline and tell the client of the delay.
    /// </summary>
    private static IEnumerable<Person> Recipients(
        Delivery delivery, TurnOpened turn, IReadOnlyList<DeliveryEvent> events, DateTimeOffset now)
    {
        // (when QA has just failed: a remediation passing to a PLA's delegate is not news for the DM)
        if (turn.Action.Kind == ActionKind.Remediate && events.Any(e => e is QaFailed))
            return [turn.Person, .. delivery.ActorsFor(Role.DeliveryManager, now).Where(p => p.ObjectId is not null)];
        if (turn.Person.ObjectId is not null) return [turn.Person];
        // a client known by email only approves a change through the DM, who records it with evidence
        return StageCatalog.FindCheck(turn.Action.CheckKey) is { Proxy: Proxy.DmWithEvidence }
            || (turn.Action.Kind == ActionKind.ApproveChange && turn.Action.Role == Role.ClientContact)
            ? delivery.ActorsFor(Role.DeliveryManager, now)
            : [turn.Person];
    }

    /// <summary>A gate's outcome, which the Delivery Manager hears about when someone else decided it.</summary>
    public static bool IsGateOutcome(DeliveryEvent happened)
        => happened is GateDecided or QaFailed or StagePassed or StageSkipped or DecisionWithdrawn;

    private static Notice? OutcomesForTheDeliveryManager(
        Delivery after, IReadOnlyList<DeliveryEvent> events, ChangeSource source, IReadOnlyList<Person> toldByCard)
    {
        if (after.HolderOf(Role.DeliveryManager) is not { ObjectId: not null } manager
            || manager.IsSameAs(source.Actor)) return null;
        List<string>? outcomes = null;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (IsGateOutcome(e) && !(e is QaFailed && toldByCard.Any(manager.IsSameAs)))
                (outcomes ??= []).Add($"- {MarkdownText.Escape(e.Summary)}");
        }
        return outcomes is null ? null
            : new Notice(
                after.Key,
                $"**{after.Id}** · {MarkdownText.Escape(after.State.Client)}\n\n{string.Join("\n", outcomes)}",
                manager)
            {
                TenantId = source.TenantId,
            };
    }
}
