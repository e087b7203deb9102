using DeliveryBot.Domain.Deliveries;

namespace DeliveryBot.Teams.Actions;

/// <summary>
/// A button on a delivery card that changes the delivery: the domain command a click stands for. The shared
/// pipeline (<see cref="CardVerbAction"/>) checks the payload, identifies the clicker, runs the command on the
/// version the card was drawn from and answers with the card redrawn. A verb only translates.
/// </summary>
internal interface ICardVerb
{
    string Verb { get; }

    /// <summary>The command for this submission, or in plain words what is wrong with what was entered.</summary>
    VerbResult Build(CardSubmission submission);
}

/// <summary>A verb's translation: a command, or the problem to show on the card (nothing changes then).</summary>
internal readonly record struct VerbResult(DeliveryCommand? Command, string? Problem)
{
    public static implicit operator VerbResult(DeliveryCommand command) => new(command, null);

    public static VerbResult Invalid(string problem) => new(null, problem);
}
