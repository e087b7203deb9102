using DeliveryBot.Application.Messages;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Teams.Actions;

/// <summary>
/// A client message drafted on a card, sent by the DM another way and marked sent: logged in "Status updates sent"
/// with its summary and channel.
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

/// <summary>
/// A client message drafted on a card, sent by the bot (Send to the client): to the client contact in Teams, or by
/// email where Graph can send for the organisation the click came from. Which way is the domain's to decide.
/// </summary>
internal static class ClientMessageSend
{
    public static VerbResult Build(
        CardSubmission submission, IClientMail mail, CommunicationType type, string summaryInput = "summary")
        => submission.Text(summaryInput) is { } summary
            ? new SendClientCommunication(type, summary, mail.RouteFor(submission.TenantId))
            : VerbResult.Invalid("Give a summary of what is sent.");
}

/// <summary>plan.initial-send: the bot sends the initial client communication (stage 2).</summary>
internal sealed class InitialCommunicationSendVerb(IClientMail mail) : ICardVerb
{
    public string Verb => "plan.initial-send";

    public VerbResult Build(CardSubmission submission)
        => ClientMessageSend.Build(submission, mail, CommunicationType.InitialCommunication, "initialSummary");
}

/// <summary>
/// handover.send: the bot sends the handover communication; once it went, the client handover is reached.
/// </summary>
internal sealed class HandoverSendVerb(IClientMail mail) : ICardVerb
{
    public string Verb => "handover.send";

    public VerbResult Build(CardSubmission submission)
        => ClientMessageSend.Build(submission, mail, CommunicationType.HandoverCommunication);
}

/// <summary>update.send: the bot sends the status update or delay notice drafted on the update card.</summary>
internal sealed class UpdateSendVerb(IClientMail mail) : ICardVerb
{
    public string Verb => "update.send";

    public VerbResult Build(CardSubmission submission)
        => submission.Card.Template == Cards.Templates.Update
            && Enum.TryParse<CommunicationType>(submission.Focus, ignoreCase: false, out var kind)
            ? ClientMessageSend.Build(submission, mail, kind)
            : VerbResult.Invalid("This button does not name a client message.");
}

/// <summary>
/// update.post: the bot posts an internal message of the communication plan (release scope finalized, the go/no-go
/// decision, the release notes) drafted on the update card to the stakeholders it is for.
/// </summary>
internal sealed class UpdatePostVerb : ICardVerb
{
    public string Verb => "update.post";

    public VerbResult Build(CardSubmission submission)
        => submission.Card.Template != Cards.Templates.Update
            || !Enum.TryParse<CommunicationType>(submission.Focus, ignoreCase: false, out var kind)
            ? VerbResult.Invalid("This button does not name a message of the communication plan.")
            : submission.Text("summary") is { } summary
                ? new PostPlanCommunication(kind, summary)
                : VerbResult.Invalid("Give a summary of what is posted.");
}
