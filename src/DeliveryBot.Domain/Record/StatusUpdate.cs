using DeliveryBot.Domain.People;

namespace DeliveryBot.Domain.Record;

/// <summary>The four client messages the record logs (SPEC §4).</summary>
public enum CommunicationType { InitialCommunication, StatusUpdate, DelayNotice, HandoverCommunication }

public static class CommunicationTypeNames
{
    public static string Title(this CommunicationType t) => t switch
    {
        CommunicationType.InitialCommunication => "Initial communication",
        CommunicationType.StatusUpdate => "Status update",
        CommunicationType.DelayNotice => "Delay notice",
        CommunicationType.HandoverCommunication => "Handover communication",
        _ => t.ToString(),
    };
}

/// <summary>A row of "Status updates sent": a client message sent (or marked sent) by the DM.</summary>
public sealed record StatusUpdate(
    DateTimeOffset SentAt, CommunicationType Type, string Summary, Person SentBy, string Channel);
