using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Incidents;
using DeliveryBot.Teams.Cards.Views;

namespace DeliveryBot.Teams.Actions;

/// <summary>incident.declare: the incident form's inputs as a declaration (the domain checks the rules).</summary>
internal sealed class DeclareIncidentVerb : ICardVerb
{
    public string Verb => "incident.declare";

    public VerbResult Build(CardSubmission submission)
    {
        if (submission.Text("title") is not { } title) return VerbResult.Invalid("Give the incident a title.");
        if (IncidentInputs.Severity(submission) is not { } severity)
            return VerbResult.Invalid("Pick the severity: SEV-1, SEV-2, SEV-3 or SEV-4.");
        if (submission.Text("services") is not { } services)
            return VerbResult.Invalid("Say which services it hits.");
        var (detected, badDetected) = submission.Moment("detectedDate", "detectedTime", "The detection");
        if (badDetected is not null) return VerbResult.Invalid(badDetected);
        var (started, badStarted) = submission.Moment("startedDate", "startedTime", "The impact's start");
        if (badStarted is not null) return VerbResult.Invalid(badStarted);
        return new DeclareIncident(title, severity, services, IsOutage: submission.Flag("outage"))
        {
            DetectedLocally = detected,
            StartedLocally = started,
        };
    }
}

/// <summary>incident.acknowledge: the commander (or the DM) acknowledges the incident (its id is the focus).</summary>
internal sealed class AcknowledgeIncidentVerb : ICardVerb
{
    public string Verb => "incident.acknowledge";

    public VerbResult Build(CardSubmission submission) => new AcknowledgeIncident(submission.Focus);
}

/// <summary>incident.update: a status update for the stakeholders.</summary>
internal sealed class PostIncidentUpdateVerb : ICardVerb
{
    public string Verb => "incident.update";

    public VerbResult Build(CardSubmission submission)
        => submission.Text("update") is { } text
            ? new PostIncidentUpdate(submission.Focus, text)
            : VerbResult.Invalid("Write the update.");
}

/// <summary>incident.severity: a new severity with the reason; the targets follow it.</summary>
internal sealed class ChangeIncidentSeverityVerb : ICardVerb
{
    public string Verb => "incident.severity";

    public VerbResult Build(CardSubmission submission)
    {
        if (IncidentInputs.Severity(submission) is not { } severity)
            return VerbResult.Invalid("Pick the new severity: SEV-1, SEV-2, SEV-3 or SEV-4.");
        return submission.Text("reason") is { } reason
            ? new ChangeIncidentSeverity(submission.Focus, severity, reason)
            : VerbResult.Invalid("Say why the severity changes.");
    }
}

/// <summary>incident.resolve: the fix, the root cause, the customer impact and when service was restored.</summary>
internal sealed class ResolveIncidentVerb : ICardVerb
{
    public string Verb => "incident.resolve";

    public VerbResult Build(CardSubmission submission)
    {
        if (submission.Text("fix") is not { } fix) return VerbResult.Invalid("Say what fixed it.");
        if (submission.Text("rootCause") is not { } cause) return VerbResult.Invalid("Give the root cause.");
        var (restored, badRestored) = submission.Moment("restoredDate", "restoredTime", "The restoration");
        if (badRestored is not null) return VerbResult.Invalid(badRestored);
        return new ResolveIncident(submission.Focus, fix, cause, submission.Text("customerImpact"))
        {
            RestoredLocally = restored,
        };
    }
}

/// <summary>incident.clock: the DM puts every severity's targets on one clock, or back on the seed's.</summary>
internal sealed class SetIncidentClockVerb : ICardVerb
{
    public string Verb => "incident.clock";

    public VerbResult Build(CardSubmission submission) => submission.Text("clock") switch
    {
        IncidentFormCard.Seed => new SetIncidentClock(null),
        nameof(IncidentClock.Wall) => new SetIncidentClock(IncidentClock.Wall),
        nameof(IncidentClock.Business) => new SetIncidentClock(IncidentClock.Business),
        _ => VerbResult.Invalid("Pick the clock from the list."),
    };
}

/// <summary>The inputs the incident verbs share.</summary>
internal static class IncidentInputs
{
    /// <summary>The severity picked (Sev1…Sev4, as the choices send it); null when absent or not one.</summary>
    public static Severity? Severity(CardSubmission submission)
        => Enum.TryParse<Severity>(submission.Text("severity"), ignoreCase: false, out var s) && Enum.IsDefined(s)
            ? s
            : null;
}
