using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Teams.Actions;

/// <summary>change.request: the change request form's inputs as a request (the domain checks the rules).</summary>
internal sealed class RequestChangeVerb : ICardVerb
{
    public string Verb => "change.request";

    public VerbResult Build(CardSubmission submission)
    {
        string? Missing(params string[] inputs) => inputs.FirstOrDefault(i => submission.Text(i) is null);
        if (Missing("title", "environment", "description", "justification", "systems", "services", "users",
                "downtime", "implementation", "rollback", "testing") is { } missing)
            return VerbResult.Invalid($"Fill in every field of the template: {missing} is empty.");
        if (!Enum.TryParse<ChangeType>(submission.Text("type"), ignoreCase: false, out var type)
            || !Enum.IsDefined(type))
            return VerbResult.Invalid("The type is Standard, Normal, Expedited or Emergency.");
        if (!Enum.TryParse<Level>(submission.Text("risk"), ignoreCase: false, out var risk) || !Enum.IsDefined(risk))
            return VerbResult.Invalid("The risk is Low, Medium or High.");
        var (date, badDate) = submission.Date("date", "The proposed date");
        if (date is null) return VerbResult.Invalid(badDate ?? "Pick the proposed date.");
        if (submission.Time("start", "The start time") is not { Time: { } start })
            return VerbResult.Invalid("Pick the start time (HH:mm).");
        var (minutes, badMinutes) = submission.Number("minutes", "The duration");
        if (minutes is not (>= 1 and <= 7 * 24 * 60))
            return VerbResult.Invalid(badMinutes ?? "Give the duration in minutes (1 to 10080).");
        Milestone? milestone = null;
        if (submission.Text("milestone") is { } named)
        {
            if (!Enum.TryParse<Milestone>(named, ignoreCase: false, out var m) || !Enum.IsDefined(m))
                return VerbResult.Invalid("Pick the milestone from the list.");
            milestone = m;
        }
        var (to, badTo) = submission.Date("milestoneDate", "The milestone's new date");
        if (badTo is not null) return VerbResult.Invalid(badTo);
        if ((milestone is null) != (to is null))
            return VerbResult.Invalid("To move a milestone, pick both the milestone and its new date.");
        return new RequestChange(new ChangeDetails
        {
            Title = submission.Text("title")!,
            Type = type,
            Risk = risk,
            Environment = submission.Text("environment")!,
            Team = submission.Text("team"),
            Description = submission.Text("description")!,
            Justification = submission.Text("justification")!,
            Impact = new ChangeImpact(
                submission.Text("systems")!, submission.Text("services")!, submission.Text("users")!,
                submission.Text("downtime")!),
            ImplementationPlan = submission.Text("implementation")!,
            RollbackPlan = submission.Text("rollback")!,
            TestingPlan = submission.Text("testing")!,
            Schedule = new ChangeSchedule(
                date.Value, start, TimeSpan.FromMinutes(minutes.Value), submission.Flag("freezeException")),
            Plan = new ChangePlan(submission.Text("scope"), milestone, to),
        });
    }
}

/// <summary>
/// change.approve: the change (its id is the card's focus) approved by whoever clicks, for the approvers they hold; the
/// DM's evidence records the client's approval.
/// </summary>
internal sealed class ApproveChangeVerb : ICardVerb
{
    public string Verb => "change.approve";

    public VerbResult Build(CardSubmission submission)
        => new ApproveChange(submission.Focus, submission.Text("evidence"));
}

/// <summary>change.reject: the change rejected, with the reason; it is closed.</summary>
internal sealed class RejectChangeVerb : ICardVerb
{
    public string Verb => "change.reject";

    public VerbResult Build(CardSubmission submission)
        => submission.Text("reason") is { } reason
            ? new RejectChange(submission.Focus, reason)
            : VerbResult.Invalid("Say why it is rejected.");
}
