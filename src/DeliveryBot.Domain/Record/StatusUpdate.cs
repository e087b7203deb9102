using DeliveryBot.Domain.People;

namespace DeliveryBot.Domain.Record;

/// <summary>The four client messages the record logs (SPEC §4).</summary>
/// <summary>
/// A message to the client or, for the release's communication plan, to the team (<see
/// cref="Policies.CommunicationPlan"/>): its four kinds follow the first four, in the plan's order.
/// </summary>
public enum CommunicationType
{
    InitialCommunication,
    StatusUpdate,
    DelayNotice,
    HandoverCommunication,
    ReleaseScopeFinalized,
    GoNoGoDecision,
    ReleaseNotes,
    ChangelogEmail,

    /// <summary>A sign-off link emailed by the bot to a client contact outside Teams (stage 6).</summary>
    SignOffLink,
}

public static class CommunicationTypeNames
{
    public static string Title(this CommunicationType t) => t switch
    {
        CommunicationType.InitialCommunication => "Initial communication",
        CommunicationType.StatusUpdate => "Status update",
        CommunicationType.DelayNotice => "Delay notice",
        CommunicationType.HandoverCommunication => "Handover communication",
        CommunicationType.ReleaseScopeFinalized => "Release scope finalized",
        CommunicationType.GoNoGoDecision => "Go/No-Go decision",
        CommunicationType.ReleaseNotes => "Release notes",
        CommunicationType.ChangelogEmail => "Changelog email",
        CommunicationType.SignOffLink => "Sign-off link",
        _ => t.ToString(),
    };
}

/// <summary>
/// Where a client message stands: sent (marked sent by the DM, or taken by Teams or the mail server), being sent by
/// the bot, or failed (the DM was told why and may mark it sent or send it again). Sent is the default, so a row
/// logged before the bot sent messages reads as it was.
/// </summary>
public enum CommunicationState { Sent, Sending, Failed }

/// <summary>
/// How the bot sends a client message: a Teams message from the bot, or an email through Microsoft Graph.
/// </summary>
public enum ClientChannel { Teams, Email }

/// <summary>
/// A row of "Status updates sent": a client message sent (or marked sent) by the DM, or sent by the bot when the DM
/// pressed Send (then <see cref="SendId"/> names that press, <see cref="To"/> the client contact it goes to, and
/// <see cref="State"/> how it went; <see cref="SentAt"/> is when it went, or when Send was pressed until then).
/// </summary>
public sealed record StatusUpdate(
    DateTimeOffset SentAt, CommunicationType Type, string Summary, Person SentBy, string Channel)
{
    public CommunicationState State { get; init; }

    /// <summary>The command id of the Send press; null for a message the DM marked sent.</summary>
    public string? SendId { get; init; }

    public Person? To { get; init; }

    /// <summary>Why the bot's send failed, in words.</summary>
    public string? Failure { get; init; }

    public bool IsSent => State == CommunicationState.Sent;

    /// <summary>
    /// How it went, for the record and the cards: "sent by email at ...", "failed: ...", "being sent ...".
    /// </summary>
    public string Outcome(Func<DateTimeOffset, string> time) => (SendId, State) switch
    {
        (null, _) => $"marked sent ({Channel})",
        // posted by the bot to the team (a plan message to the stakeholders), not to one person
        (_, CommunicationState.Sent) when To is null => $"posted by the bot in {Channel} at {time(SentAt)}",
        (_, CommunicationState.Sent) => $"sent by {Channel} at {time(SentAt)}",
        (_, CommunicationState.Sending) => $"being sent by {Channel} since {time(SentAt)}",
        _ => $"failed: {Failure}",
    };
}
