using System.Text.RegularExpressions;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Common;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;

namespace DeliveryBot.Teams.Actions;

/// <summary>deployment.window: the window confirmed (checked against the schedule by the domain).</summary>
internal sealed class ConfirmWindowVerb : ICardVerb
{
    public string Verb => "deployment.window";

    public VerbResult Build(CardSubmission submission)
    {
        var (start, badStart) = submission.Date("windowStart", "The window's start");
        var (end, badEnd) = submission.Date("windowEnd", "The window's end");
        if ((badStart ?? badEnd) is { } problem) return VerbResult.Invalid(problem);
        return start is { } s && end is { } e
            ? new ConfirmDeploymentWindow(s, e)
            : VerbResult.Invalid("Pick both dates of the window.");
    }
}

internal sealed class StartDeploymentVerb : ICardVerb
{
    public string Verb => "deployment.start";

    public VerbResult Build(CardSubmission submission) => new StartDeployment();
}

/// <summary>deployment.tick: an item of the deployment checklist done.</summary>
internal sealed class TickChecklistVerb : ICardVerb
{
    public string Verb => "deployment.tick";

    public VerbResult Build(CardSubmission submission)
        => submission.Text("item") is { } item
            ? new TickDeploymentChecklist(item)
            : VerbResult.Invalid("Pick the checklist item that is done.");
}

/// <summary>deployment.succeeded: the Deployment Specialist confirms success (the stage 5 gate).</summary>
internal sealed class DeploymentSucceededVerb : ICardVerb
{
    public string Verb => "deployment.succeeded";

    public VerbResult Build(CardSubmission submission) => new AcknowledgeGate(Checks.DeploymentSucceeded.Key);
}

/// <summary>
/// deployment.failed: a failed deployment becomes a blocker, tracked and escalated if not resolved in time.
/// </summary>
internal sealed class DeploymentFailedVerb : ICardVerb
{
    private const string Prefix = "Deployment failed: ";

    /// <summary>
    /// What the card's box may hold: the blocker, prefix included, is at most a paragraph of the record.
    /// </summary>
    public static readonly int MaxLength = UserText.Paragraph - Prefix.Length;

    public string Verb => "deployment.failed";

    public VerbResult Build(CardSubmission submission)
    {
        if (submission.Text("failure") is not { } what) return VerbResult.Invalid("Say what failed.");
        return what.Length <= MaxLength
            ? new RaiseBlocker(Prefix + what)
            : VerbResult.Invalid($"What failed: at most {MaxLength} characters ({what.Length} given).");
    }
}

/// <summary>
/// deployment.resolve: a deployment issue (a blocker of stage 5) resolved; its id comes with the button, its
/// resolution from the box beside it.
/// </summary>
internal sealed partial class ResolveDeploymentIssueVerb : ICardVerb
{
    public string Verb => "deployment.resolve";

    public VerbResult Build(CardSubmission submission)
    {
        if (submission.Text("blocker") is not { } id || !BlockerId().IsMatch(id))
            return VerbResult.Invalid("This button does not name a deployment issue.");
        return submission.Text($"resolution-{id}") is { } resolution
            ? new ResolveBlocker(id, resolution)
            : VerbResult.Invalid($"Say how {id} was resolved.");
    }

    [GeneratedRegex(@"^B\d{1,4}\z", RegexOptions.None, 100)]
    private static partial Regex BlockerId();
}
