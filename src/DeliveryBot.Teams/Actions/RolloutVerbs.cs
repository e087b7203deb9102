using DeliveryBot.Domain.Commands;

namespace DeliveryBot.Teams.Actions;

/// <summary>deployment.canary: the canary's next traffic step, carried by the button (the domain checks it).</summary>
internal sealed class CanaryStepVerb : ICardVerb
{
    public string Verb => "deployment.canary";

    public VerbResult Build(CardSubmission submission)
    {
        var (percent, problem) = submission.Number("percent", "The traffic step");
        return problem is not null ? VerbResult.Invalid(problem)
            : percent is { } p ? new RecordCanaryStep(p)
            : VerbResult.Invalid("This button does not name a traffic step.");
    }
}

/// <summary>deployment.switch: blue-green, the traffic switched to the new environment.</summary>
internal sealed class BlueGreenSwitchVerb : ICardVerb
{
    public string Verb => "deployment.switch";

    public VerbResult Build(CardSubmission submission) => new RecordBlueGreenSwitch();
}

/// <summary>deployment.rolling: a rolling update's progress, n instances of N updated.</summary>
internal sealed class RollingProgressVerb : ICardVerb
{
    public string Verb => "deployment.rolling";

    public VerbResult Build(CardSubmission submission)
    {
        var (updated, badUpdated) = submission.Number("updated", "Instances updated");
        var (of, badOf) = submission.Number("instances", "Instances in all");
        if ((badUpdated ?? badOf) is { } problem) return VerbResult.Invalid(problem);
        return updated is { } n && of is { } total
            ? new RecordRollingProgress(n, total)
            : VerbResult.Invalid("Say how many instances of how many are updated.");
    }
}

/// <summary>
/// deployment.rollback: the Deployment Specialist rolled back, naming the trigger, what was seen and how it went
/// (cleanly, or with problems said); the domain counts the deployment as failed and tells QA, the PLA and the DM.
/// </summary>
internal sealed class RollBackVerb : ICardVerb
{
    public string Verb => "deployment.rollback";

    public VerbResult Build(CardSubmission submission)
    {
        if (submission.Text("trigger") is not { } trigger) return VerbResult.Invalid("Pick the rollback trigger.");
        if (submission.Text("seen") is not { } seen) return VerbResult.Invalid("Say what was seen.");
        return submission.Text("rollbackOutcome") switch
        {
            "clean" => new RollBackDeployment(trigger, seen, Clean: true, submission.Text("rollbackNotes")),
            "problems" => submission.Text("rollbackNotes") is { } problems
                ? new RollBackDeployment(trigger, seen, Clean: false, problems)
                : VerbResult.Invalid("Say what went wrong with the rollback."),
            _ => VerbResult.Invalid("Say how the rollback went: cleanly, or with problems."),
        };
    }
}

/// <summary>deployment.metrics: after the monitoring period, the success metrics were met.</summary>
internal sealed class SuccessMetricsMetVerb : ICardVerb
{
    public string Verb => "deployment.metrics";

    public VerbResult Build(CardSubmission submission) => new ConfirmSuccessMetrics();
}

/// <summary>deployment.incident: the success metrics were not met, an incident is asked for (the DM told).</summary>
internal sealed class OpenIncidentVerb : ICardVerb
{
    public string Verb => "deployment.incident";

    public VerbResult Build(CardSubmission submission)
        => submission.Text("incidentSeen") is { } seen
            ? new OpenIncident(seen)
            : VerbResult.Invalid("Say what was seen: the DM gets it with the incident.");
}
