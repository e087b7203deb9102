using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Policies;
using DeliveryBot.Domain.Record;
using DeliveryBot.Domain.Rendering;

namespace DeliveryBot.Domain.Commands;

/// <summary>
/// A client message sent by the DM another way and marked sent, logged in "Status updates sent". Sending the handover
/// communication is the client handover milestone and the actual delivery date.
/// </summary>
public sealed record RecordClientCommunication(CommunicationType Type, string Summary, string? Channel = null)
    : DeliveryCommand
{
    public override string Action => "client-communication";

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        var summary = ClientCommunication.Check(delivery, meta, Type, Summary);
        var channel = UserText.Optional(Channel, "The channel") ?? "Teams";
        delivery.Change(s => s with
        {
            StatusUpdates = s.StatusUpdates.Add(
                new StatusUpdate(SentAt: meta.At, Type, Summary: summary, SentBy: meta.Actor, Channel: channel)),
        });
        if (Type == CommunicationType.HandoverCommunication)
            delivery.SetActual(Milestone.ClientHandover, delivery.Today(meta));
        return $"{Type.Title()} logged as sent ({channel}): {summary}";
    }
}

/// <summary>
/// The DM pressed Send: the bot sends the client message, drafted from the record as it is now, to the delivery's
/// client contact (in Teams, or by email when <see cref="Mail"/> says Graph can send for this organisation). The row
/// in "Status updates sent" reads "being sent" until the bot records how it went
/// (<see cref="RecordClientMessageOutcome"/>); the handover milestone is reached only once it went. One message of a
/// kind is sent at a time.
/// </summary>
public sealed record SendClientCommunication(CommunicationType Type, string Summary, MailRoute? Mail = null)
    : DeliveryCommand
{
    public override string Action => "send-client-communication";

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        var summary = ClientCommunication.Check(delivery, meta, Type, Summary);
        if (CommunicationPlan.IsInternal(Type))
            throw new RuleViolation(
                $"The {Type.Title().ToLowerInvariant()} is for the team, not the client: post it to the stakeholders.");
        if (delivery.ClientSendRoute(Mail) is not { } route)
            throw new RuleViolation(delivery.HolderOf(Role.ClientContact) is null
                ? "There is no client contact to send it to: assign one, or send it yourself and mark it sent."
                : "I can't send to the client contact: they are not in Teams, and email needs Microsoft Graph "
                  + "(and an address to send from). Send it yourself and mark it sent.");
        var channel = route.Via == ClientChannel.Teams ? "Teams" : "email";
        var text = ClientMessages.Draft(
            delivery, Type, meta.At, route.Via == ClientChannel.Teams ? TextFormat.Markdown : TextFormat.Plain);
        delivery.Change(s => s with
        {
            StatusUpdates = s.StatusUpdates.Add(
                new StatusUpdate(SentAt: meta.At, Type, Summary: summary, SentBy: meta.Actor, Channel: channel)
                {
                    State = CommunicationState.Sending, SendId = meta.CommandId, To = route.To,
                }),
        });
        delivery.Raise(new ClientMessageSending(
            SendId: meta.CommandId,
            Type,
            route,
            Subject: ClientMessages.Subject(delivery, Type, meta.At),
            Text: text,
            Summary: $"{Type.Title()} being sent to {route.To} by {channel}"));
        return $"{Type.Title()} is being sent to {route.To} by {channel}: {summary}. "
               + "This card shows whether it went.";
    }
}

/// <summary>
/// The DM pressed Send on an internal message of the communication plan (<see cref="CommunicationPlan.IsInternal"/>):
/// the bot posts the draft, as the record stands now, to each stakeholder it is for who is in Teams, through the
/// outbox; the row in "Status updates sent" says it was posted, and to how many.
/// </summary>
public sealed record PostPlanCommunication(CommunicationType Type, string Summary) : DeliveryCommand
{
    public override string Action => "post-plan-communication";

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        var summary = ClientCommunication.Check(delivery, meta, Type, Summary);
        if (!CommunicationPlan.IsInternal(Type))
            throw new RuleViolation($"The {Type.Title().ToLowerInvariant()} is not posted to the team.");
        var audience = CommunicationPlan.Audience(delivery, Type, meta.Actor, meta.At);
        if (audience.Count == 0)
            throw new RuleViolation(
                "No other stakeholder is in Teams to post it to: send it yourself and mark it sent.");
        var channel = $"Teams to {Counted.Of(audience.Count, "stakeholder")}";
        delivery.Change(s => s with
        {
            StatusUpdates = s.StatusUpdates.Add(
                new StatusUpdate(SentAt: meta.At, Type, Summary: summary, SentBy: meta.Actor, Channel: channel)
                {
                    SendId = meta.CommandId,
                }),
        });
        delivery.Raise(new PlanCommunicationPosted(
            SendId: meta.CommandId,
            Type,
            audience,
            Text: ClientMessages.Draft(delivery, Type, meta.At, TextFormat.Markdown),
            Summary: $"{Type.Title()} posted to {string.Join(", ", audience)}"));
        return $"{Type.Title()} posted to {string.Join(", ", audience)} in Teams: {summary}";
    }
}

/// <summary>
/// The bot records how a client message it was sending went: sent (the handover communication is then the client
/// handover milestone), or failed with the reason, which the DM is told. Only the bot records it, once.
/// </summary>
public sealed record RecordClientMessageOutcome(string SendId, bool Sent, string? Failure = null) : DeliveryCommand
{
    public override string Action => "client-message-outcome";

    // what happened to a message is the record's to keep, whatever became of the delivery meanwhile
    internal override bool AllowedWhenClosed => true;

    internal override string? AlreadyDecided(Delivery delivery)
        => delivery.State.StatusUpdates.Find(u => u.SendId == SendId) is { State: not CommunicationState.Sending } u
            ? $"{u.Type.Title()} already {u.Outcome(delivery.Time)}."
            : null;

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        if (!meta.Actor.IsSystem) throw new NotPermitted("Only the bot records how a message it sent went.");
        var sending = delivery.State.StatusUpdates.Find(u => u.SendId == SendId)
            ?? throw new RuleViolation($"No client message is being sent under {SendId}.");
        var failure = Sent ? null : UserText.Required(Failure, "Why it failed", UserText.Paragraph);
        var settled = Sent
            ? sending with { State = CommunicationState.Sent, SentAt = meta.At }
            : sending with { State = CommunicationState.Failed, Failure = failure };
        delivery.Change(s => s with { StatusUpdates = s.StatusUpdates.Replace(sending, settled) });
        if (Sent && sending.Type == CommunicationType.HandoverCommunication)
            delivery.SetActual(Milestone.ClientHandover, delivery.Today(meta));
        if (!Sent)
            delivery.Raise(new ClientMessageFailed(
                SendId, sending.Type, sending.To!, failure!, $"{sending.Type.Title()} to {sending.To} failed"));
        return $"{sending.Type.Title()} to {sending.To} {settled.Outcome(delivery.Time)}.";
    }
}

/// <summary>What every client message needs, marked sent or sent by the bot: one place for these rules.</summary>
internal static class ClientCommunication
{
    /// <summary>The summary for the record, once the DM may log this message now.</summary>
    public static string Check(Delivery delivery, CommandMeta meta, CommunicationType type, string summary)
    {
        delivery.Require(meta, Role.DeliveryManager);
        Known.Value(type, "kind of client message");
        var text = UserText.Required(summary, "The summary", UserText.Paragraph);
        switch (type)
        {
            case CommunicationType.InitialCommunication when delivery.State.Schedule is null:
                throw new RuleViolation("The initial client communication shares the schedule: plan it first.");
            case CommunicationType.HandoverCommunication:
                delivery.RequireActive(Stage.ClientHandover);
                if (delivery.State.Handover is null)
                    throw new RuleViolation("Prepare the handover package before sending the handover communication.");
                if (delivery.HandoverSent is { } sent)
                    throw new RuleViolation(
                        $"The handover communication was already sent on {delivery.Time(sent.SentAt)}.");
                break;
            case var planned when CommunicationPlan.IsPlanned(planned):
                if (delivery.State.DeploymentWindow is null)
                    throw new RuleViolation(
                        "The communication plan starts once the deployment window is confirmed.");
                // each message of the plan goes once: the record shows the plan went
                if (CommunicationPlan.Of(delivery).First(i => i.Type == type).Went is { IsSent: true } went)
                    throw new RuleViolation($"The {type.Title().ToLowerInvariant()} already went: "
                        + $"{went.Outcome(delivery.Time)}, {delivery.Time(went.SentAt)}.");
                break;
        }
        if (delivery.BeingSent(type) is { } inFlight)
            throw new RuleViolation(
                $"The {type.Title().ToLowerInvariant()} is being sent to {inFlight.To} by {inFlight.Channel} "
                + $"(pressed at {delivery.Time(inFlight.SentAt)}); wait for the outcome on this card.");
        return text;
    }
}
