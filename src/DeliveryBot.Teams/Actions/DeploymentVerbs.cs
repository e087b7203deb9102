using System.Text.RegularExpressions;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Record;
using DeliveryBot.Teams.Cards.Views;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;

namespace DeliveryBot.Teams.Actions;

/// <summary>
/// deployment.window: the window confirmed (checked against the schedule by the domain), with the rollout method,
/// rollback plan and success metrics when the form carries them.
/// </summary>
internal sealed class ConfirmWindowVerb : ICardVerb
{
    public string Verb => "deployment.window";

    public VerbResult Build(CardSubmission submission)
    {
        var (start, badStart) = submission.Date("windowStart", "The window's start");
        var (end, badEnd) = submission.Date("windowEnd", "The window's end");
        if ((badStart ?? badEnd) is { } problem) return VerbResult.Invalid(problem);
        RolloutMethod? method = null;
        if (submission.Text("rolloutMethod") is { } named)
        {
            if (!Enum.TryParse<RolloutMethod>(named, ignoreCase: true, out var m) || !Enum.IsDefined(m))
                return VerbResult.Invalid("Pick the rollout method: blue-green, canary or rolling.");
            method = m;
        }
        return start is { } s && end is { } e
            ? new ConfirmDeploymentWindow(
                s, e, method, RollbackPlan: submission.Text("rollbackPlan"),
                SuccessMetrics: submission.Text("successMetrics"))
            : VerbResult.Invalid("Pick both dates of the window.");
    }
}

internal sealed class StartDeploymentVerb : ICardVerb
{
    public string Verb => "deployment.start";

    public VerbResult Build(CardSubmission submission) => new StartDeployment();
}

/// <summary>
/// deployment.checklist: the checklist's checkboxes saved in one submission. Teams sends what is ticked in each phase
/// (a multi-select sends its values joined by commas; no checklist item has one); the button carries what was ticked
/// when the card was drawn, so only what the person changed is ticked or unticked (a card drawn from an older record
/// is refused as stale by the domain).
/// </summary>
internal sealed class UpdateChecklistVerb : ICardVerb
{
    public string Verb => "deployment.checklist";

    public VerbResult Build(CardSubmission submission)
    {
        var (tick, untick) = Changes(submission);
        return tick.Count + untick.Count > 0
            ? new UpdateDeploymentChecklist(tick, untick)
            : VerbResult.Invalid("The checklist is as it was: tick or untick items, then save it.");
    }

    /// <summary>What the submission ticks and unticks against what the card showed ticked.</summary>
    public static (IReadOnlyList<string> Tick, IReadOnlyList<string> Untick) Changes(CardSubmission submission)
    {
        var shown = Items(submission.Text("ticked"));
        var now = DeploymentCard.Inputs.Values.SelectMany(input => Items(submission.Text(input))).ToList();
        return ([.. now.Except(shown, StringComparer.Ordinal)], [.. shown.Except(now, StringComparer.Ordinal)]);
    }

    private static string[] Items(string? joined)
        => (joined ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>
/// deployment.override: the DM lets the deployment be confirmed with checklist items open, with the reason.
/// </summary>
internal sealed class OverrideChecklistVerb : ICardVerb
{
    public string Verb => "deployment.override";

    public VerbResult Build(CardSubmission submission)
        => submission.Text("overrideReason") is { } reason
            ? new OverrideDeploymentChecklist(reason)
            : VerbResult.Invalid("Say why the deployment can be confirmed with checklist items open.");
}

/// <summary>
/// deployment.succeeded: the Deployment Specialist confirms success (the stage 5 gate). Checkboxes changed on the card
/// but not saved would be lost without a word, so the click asks for them to be saved first.
/// </summary>
internal sealed class DeploymentSucceededVerb : ICardVerb
{
    public string Verb => "deployment.succeeded";

    public VerbResult Build(CardSubmission submission)
        => UpdateChecklistVerb.Changes(submission) is { Tick.Count: 0, Untick.Count: 0 }
            ? new AcknowledgeGate(Checks.DeploymentSucceeded.Key)
            : VerbResult.Invalid("You changed the checklist without saving it: press Save the checklist first.");
}

/// <summary>
/// deployment.failed: a failed deployment becomes a blocker, tracked and escalated if not resolved in time, and the DM
/// is offered the delay notice.
/// </summary>
internal sealed class DeploymentFailedVerb : ICardVerb
{
    /// <summary>
    /// What the card's box may hold: the blocker, prefix included, is at most a paragraph of the record.
    /// </summary>
    public static readonly int MaxLength = UserText.Paragraph - RecordDeploymentFailure.Prefix.Length;

    public string Verb => "deployment.failed";

    public VerbResult Build(CardSubmission submission)
    {
        if (submission.Text("failure") is not { } what) return VerbResult.Invalid("Say what failed.");
        return what.Length <= MaxLength
            ? new RecordDeploymentFailure(what)
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
