using DeliveryBot.Domain.Commands;

namespace DeliveryBot.Teams.Actions;

/// <summary>
/// management.confirm: the Delivery Manager a Client Intake Manager named takes the delivery on; stage 1 starts.
/// </summary>
internal sealed class ConfirmManagementVerb : ICardVerb
{
    public string Verb => "management.confirm";

    public VerbResult Build(CardSubmission submission) => new ConfirmManagement();
}

/// <summary>management.decline: the Delivery Manager named declines, with the reason the CIM is told.</summary>
internal sealed class DeclineManagementVerb : ICardVerb
{
    public string Verb => "management.decline";

    public VerbResult Build(CardSubmission submission)
        => submission.Text("declineReason") is { } reason
            ? new DeclineManagement(reason)
            : VerbResult.Invalid("Say why you decline.");
}
