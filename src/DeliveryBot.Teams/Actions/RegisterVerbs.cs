using System.Text.RegularExpressions;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Teams.Actions;

/// <summary>
/// escalation.acknowledge: the CTO has seen the escalation (its id is the card's focus); the daily re-nudges stop.
/// </summary>
internal sealed class AcknowledgeEscalationVerb : ICardVerb
{
    public string Verb => "escalation.acknowledge";

    public VerbResult Build(CardSubmission submission) => new AcknowledgeEscalation(submission.Focus);
}

/// <summary>escalation.resolve: the CTO resolves it, with the resolution.</summary>
internal sealed class ResolveEscalationVerb : ICardVerb
{
    public string Verb => "escalation.resolve";

    public VerbResult Build(CardSubmission submission)
        => submission.Text("resolution") is { } resolution
            ? new ResolveEscalation(submission.Focus, resolution)
            : VerbResult.Invalid("Say how it was resolved.");
}

/// <summary>blocker.resolve: a blocker (its id is the card's focus) resolved, with how.</summary>
internal sealed class ResolveBlockerVerb : ICardVerb
{
    public string Verb => "blocker.resolve";

    public VerbResult Build(CardSubmission submission)
        => submission.Text("resolution") is { } resolution
            ? new ResolveBlocker(submission.Focus, resolution)
            : VerbResult.Invalid("Say how it was resolved.");
}

/// <summary>risk.add: a risk or dependency into the register.</summary>
internal sealed class AddRiskVerb : ICardVerb
{
    public string Verb => "risk.add";

    public VerbResult Build(CardSubmission submission)
    {
        if (submission.Text("description") is not { } description) return VerbResult.Invalid("Describe the risk.");
        if (!Level(submission.Text("likelihood"), out var likelihood)
            || !Level(submission.Text("impact"), out var impact))
            return VerbResult.Invalid("Likelihood and impact are Low, Medium or High.");
        return submission.Text("mitigation") is { } mitigation
            ? new AddRisk(
                Description: description,
                Likelihood: likelihood,
                Impact: impact,
                Mitigation: mitigation,
                ConcernsClient: submission.Flag("concernsClient"))
            : VerbResult.Invalid("Say how the risk is mitigated.");
    }

    private static bool Level(string? text, out Level level)
        => Enum.TryParse(text, ignoreCase: false, out level) && Enum.IsDefined(level);
}

/// <summary>risk.close: a risk that no longer applies (its id comes with the button).</summary>
internal sealed partial class CloseRiskVerb : ICardVerb
{
    public string Verb => "risk.close";

    public VerbResult Build(CardSubmission submission)
        => submission.Text("risk") is { } id && RiskId().IsMatch(id)
            ? new CloseRisk(id)
            : VerbResult.Invalid("This button does not name a risk.");

    [GeneratedRegex(@"^R\d{1,4}\z", RegexOptions.None, 100)]
    private static partial Regex RiskId();
}
