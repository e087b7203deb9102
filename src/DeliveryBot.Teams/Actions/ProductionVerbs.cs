using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Record;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;

namespace DeliveryBot.Teams.Actions;

internal sealed class StartProductionVerb : ICardVerb
{
    public string Verb => "production.start";

    public VerbResult Build(CardSubmission submission) => new StartProduction();
}

/// <summary>
/// production.checkin: on track, at risk or blocked (which comes with the button), with an optional note.
/// </summary>
internal sealed class CheckInVerb : ICardVerb
{
    public string Verb => "production.checkin";

    public VerbResult Build(CardSubmission submission)
        => Enum.TryParse<CheckInStatus>(submission.Text("status"), ignoreCase: false, out var status)
            && Enum.IsDefined(status)
            ? new RecordCheckIn(status, submission.Text("note"))
            : VerbResult.Invalid("This button does not say how production is going.");
}

/// <summary>production.complete: the PLA marks production complete (the stage 3 gate).</summary>
internal sealed class ProductionCompleteVerb : ICardVerb
{
    public string Verb => "production.complete";

    public VerbResult Build(CardSubmission submission) => new AcknowledgeGate(Checks.ProductionComplete.Key);
}
