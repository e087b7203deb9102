using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Teams.Actions;

/// <summary>
/// A client message drafted on a card, marked sent by the DM: logged in "Status updates sent" with its summary and
/// channel.
/// </summary>
internal static class ClientMessageSent
{
    public static VerbResult Build(
        CardSubmission submission,
        CommunicationType type,
        string summaryInput = "summary",
        string channelInput = "channel")
        => submission.Text(summaryInput) is { } summary
            ? new RecordClientCommunication(type, summary, submission.Text(channelInput))
            : VerbResult.Invalid("Give a summary of what was sent.");
}

/// <summary>plan.initial-sent: the initial client communication (stage 2).</summary>
internal sealed class InitialCommunicationSentVerb : ICardVerb
{
    public string Verb => "plan.initial-sent";

    public VerbResult Build(CardSubmission submission)
        => ClientMessageSent.Build(
            submission, CommunicationType.InitialCommunication, "initialSummary", "initialChannel");
}

/// <summary>handover.sent: the handover communication (the client handover milestone).</summary>
internal sealed class HandoverSentVerb : ICardVerb
{
    public string Verb => "handover.sent";

    public VerbResult Build(CardSubmission submission)
        => ClientMessageSent.Build(submission, CommunicationType.HandoverCommunication);
}

/// <summary>
/// update.sent: the status update or delay notice drafted on the update card (its focus says which).
/// </summary>
internal sealed class UpdateSentVerb : ICardVerb
{
    public string Verb => "update.sent";

    public VerbResult Build(CardSubmission submission)
        => submission.Card.Template == Cards.Templates.Update
            && Enum.TryParse<CommunicationType>(submission.Focus, ignoreCase: false, out var kind)
            ? ClientMessageSent.Build(submission, kind)
            : VerbResult.Invalid("This button does not name a client message.");
}
