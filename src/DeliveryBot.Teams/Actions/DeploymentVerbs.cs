using DeliveryBot.Domain.Commands;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;

namespace DeliveryBot.Teams.Actions;

/// <summary>deployment.window: the window confirmed (checked against the schedule by the domain).</summary>
public sealed class ConfirmWindowVerb : ICardVerb
{
    public string Verb => "deployment.window";

    public CardCommand Build(CardSubmission submission)
    {
        var (start, badStart) = submission.Date("windowStart", "The window's start");
        var (end, badEnd) = submission.Date("windowEnd", "The window's end");
        if ((badStart ?? badEnd) is { } problem) return CardCommand.Invalid(problem);
        return start is { } s && end is { } e ? new ConfirmDeploymentWindow(s, e) : CardCommand.Invalid("Pick both dates of the window.");
    }
}

/// <summary>deployment.start: deployment has begun.</summary>
public sealed class StartDeploymentVerb : ICardVerb
{
    public string Verb => "deployment.start";

    public CardCommand Build(CardSubmission submission) => new StartDeployment();
}

/// <summary>deployment.tick: an item of the deployment checklist done.</summary>
public sealed class TickChecklistVerb : ICardVerb
{
    public string Verb => "deployment.tick";

    public CardCommand Build(CardSubmission submission)
        => submission.Text("item") is { } item ? new TickDeploymentChecklist(item) : CardCommand.Invalid("Pick the checklist item that is done.");
}

/// <summary>deployment.succeeded: the Deployment Specialist confirms success (the stage 5 gate).</summary>
public sealed class DeploymentSucceededVerb : ICardVerb
{
    public string Verb => "deployment.succeeded";

    public CardCommand Build(CardSubmission submission) => new AcknowledgeGate(Checks.DeploymentSucceeded.Key);
}

/// <summary>deployment.failed: a failed deployment becomes a blocker, tracked and escalated if not resolved in time.</summary>
public sealed class DeploymentFailedVerb : ICardVerb
{
    public string Verb => "deployment.failed";

    public CardCommand Build(CardSubmission submission)
        => submission.Text("failure") is { } what ? new RaiseBlocker($"Deployment failed: {what}") : CardCommand.Invalid("Say what failed.");
}
