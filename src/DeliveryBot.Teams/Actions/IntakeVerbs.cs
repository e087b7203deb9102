using System.Text.RegularExpressions;
using DeliveryBot.Domain.Commands;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;

namespace DeliveryBot.Teams.Actions;

/// <summary>
/// intake.confirm: one of the two checks of the intake gate (the check's key comes with the button).
/// </summary>
internal sealed class ConfirmIntakeVerb : ICardVerb
{
    public string Verb => "intake.confirm";

    public VerbResult Build(CardSubmission submission)
        => submission.Text("check") is { } key
            && (key == Checks.RequirementsUnambiguous.Key || key == Checks.ClientTimelineAcknowledged.Key)
            ? new AcknowledgeGate(key)
            : VerbResult.Invalid("This button does not name a check of the intake gate.");
}

/// <summary>intake.ambiguity: an ambiguity in the requirements, to resolve with the Client Intake Manager.</summary>
internal sealed class RaiseAmbiguityVerb : ICardVerb
{
    public string Verb => "intake.ambiguity";

    public VerbResult Build(CardSubmission submission)
        => submission.Text("question") is { } question
            ? new RaiseAmbiguity(question)
            : VerbResult.Invalid("Say what is unclear.");
}

/// <summary>
/// intake.resolve: an ambiguity resolved (its id comes with the button; its answer from the input beside it).
/// </summary>
internal sealed partial class ResolveAmbiguityVerb : ICardVerb
{
    public string Verb => "intake.resolve";

    public VerbResult Build(CardSubmission submission)
    {
        if (submission.Text("ambiguity") is not { } id || !AmbiguityId().IsMatch(id))
            return VerbResult.Invalid("This button does not name an ambiguity.");
        return submission.Text($"resolution-{id}") is { } resolution
            ? new ResolveAmbiguity(id, resolution)
            : VerbResult.Invalid($"Say how {id} was resolved.");
    }

    [GeneratedRegex(@"^A\d{1,4}$", RegexOptions.None, 100)]
    private static partial Regex AmbiguityId();
}

/// <summary>intake.date: the agreed delivery date, set or moved (with a reason once it was agreed).</summary>
internal sealed class AgreeDeliveryDateVerb : ICardVerb
{
    public string Verb => "intake.date";

    public VerbResult Build(CardSubmission submission)
    {
        var (date, problem) = submission.Date("agreedDate", "The agreed delivery date");
        if (problem is not null) return VerbResult.Invalid(problem);
        return date is { } d
            ? new AgreeDeliveryDate(d, submission.Text("dateReason"))
            : VerbResult.Invalid("Pick the agreed delivery date.");
    }
}
