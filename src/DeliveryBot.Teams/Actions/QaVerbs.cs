using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Teams.Actions;

/// <summary>qa.pass: the QA Engineer certifies the attempt the card shows.</summary>
internal sealed class QaPassVerb : ICardVerb
{
    public string Verb => "qa.pass";

    public VerbResult Build(CardSubmission submission)
        => submission.Number("attempt", "The attempt") is ({ } attempt, null)
            ? new RecordQaVerdict(attempt, QaVerdict.Pass)
            : VerbResult.Invalid("This button does not name a QA attempt.");
}

/// <summary>qa.fail: the attempt fails, with the failure report (required).</summary>
internal sealed class QaFailVerb : ICardVerb
{
    public string Verb => "qa.fail";

    public VerbResult Build(CardSubmission submission)
    {
        if (submission.Number("attempt", "The attempt") is not ({ } attempt, null))
            return VerbResult.Invalid("This button does not name a QA attempt.");
        return submission.Text("failureReport") is { } report
            ? new RecordQaVerdict(attempt, QaVerdict.Fail, report)
            : VerbResult.Invalid("A FAIL needs its failure report: what failed and how to reproduce it.");
    }
}

/// <summary>qa.resubmit: after remediation, the delivery goes back to QA as a new attempt.</summary>
internal sealed class ResubmitVerb : ICardVerb
{
    public string Verb => "qa.resubmit";

    public VerbResult Build(CardSubmission submission)
        => submission.Text("remediation") is { } notes
            ? new ResubmitToQa(notes)
            : VerbResult.Invalid("Say what was remediated.");
}
