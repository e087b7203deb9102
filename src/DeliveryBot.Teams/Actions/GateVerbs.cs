using DeliveryBot.Domain.Commands;

namespace DeliveryBot.Teams.Actions;

/// <summary>
/// gate.acknowledge: the holder of the card's gate check acknowledges it (the focus is the check's key).
/// </summary>
internal sealed class AcknowledgeGateVerb : ICardVerb
{
    public string Verb => "gate.acknowledge";

    public VerbResult Build(CardSubmission submission) => new AcknowledgeGate(submission.Focus);
}
