using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Teams.Actions;

/// <summary>handover.prepare: the handover package (every part required).</summary>
internal sealed class PrepareHandoverVerb : ICardVerb
{
    public string Verb => "handover.prepare";

    public VerbResult Build(CardSubmission submission)
    {
        string[] parts = ["scope", "access", "configuration", "support"];
        if (parts.FirstOrDefault(p => submission.Text(p) is null) is { } missing)
            return VerbResult.Invalid($"Every part of the package is required; {Label(missing)} is empty.");
        return new PrepareHandover(new HandoverPackage(
            submission.Text("scope")!,
            submission.Text("access")!,
            submission.Text("configuration")!,
            submission.Text("support")!));
    }

    private static string Label(string part) => part switch
    {
        "scope" => "what was delivered",
        "access" => "how to access and use it",
        "configuration" => "the configuration notes",
        _ => "support and next steps",
    };
}

/// <summary>client.ack: a client contact acknowledges receipt, with their first impressions.</summary>
internal sealed class ClientAcknowledgesVerb : ICardVerb
{
    public string Verb => "client.ack";

    public VerbResult Build(CardSubmission submission)
        => new AcknowledgeReceipt(submission.Text("feedback"), submission.Text("satisfaction"));
}

/// <summary>
/// client.ack-evidence: the DM records the client's acknowledgement with its evidence (all required).
/// </summary>
internal sealed class RecordReceiptVerb : ICardVerb
{
    public string Verb => "client.ack-evidence";

    public VerbResult Build(CardSubmission submission)
    {
        var (date, problem) = submission.Date("evidenceDate", "The date the client confirmed");
        if (problem is not null) return VerbResult.Invalid(problem);
        if (date is null
            || submission.Text("evidenceChannel") is not { } channel
            || submission.Text("evidenceQuote") is not { } quote)
            return VerbResult.Invalid(
                "Recording receipt for the client needs its evidence: the date, the channel and the client's words.");
        return new AcknowledgeReceipt(
            submission.Text("feedback"), Satisfaction: null, new ReceiptEvidence(date.Value, channel, quote));
    }
}
