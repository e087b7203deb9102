using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Domain.Commands;

/// <summary>
/// A client message sent (or marked sent) by the DM, logged in "Status updates sent". Sending the handover
/// communication is the client handover milestone and the actual delivery date.
/// </summary>
public sealed record RecordClientCommunication(CommunicationType Type, string Summary, string? Channel = null)
    : DeliveryCommand
{
    public override string Action => "client-communication";

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(meta, Role.DeliveryManager);
        Known.Value(Type, "kind of client message");
        var summary = UserText.Required(Summary, "The summary", UserText.Paragraph);
        var channel = UserText.Optional(Channel, "The channel") ?? "Teams";
        switch (Type)
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
        }
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
