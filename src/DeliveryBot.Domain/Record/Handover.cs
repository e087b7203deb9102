using DeliveryBot.Domain.People;

namespace DeliveryBot.Domain.Record;

/// <summary>The stage-6 handover package; every part is required before it is sent.</summary>
public sealed record HandoverPackage(
    string ScopeConfirmation, string AccessInstructions, string ConfigurationNotes, string SupportAndNextSteps);

/// <summary>
/// The client's acknowledgement of receipt. Given by the client in Teams or on the web page of a sign-off link
/// (<see cref="SignedOff"/>: which link, from where), or recorded by the DM with its evidence (date, channel, quote).
/// </summary>
public sealed record ClientAcknowledgement(
    DateTimeOffset RecordedAt,
    Person RecordedBy,
    string? Feedback,
    string? Satisfaction,
    ReceiptEvidence? Evidence,
    SignOffUse? SignedOff = null)
{
    /// <summary>How satisfied the client said they were and what they said, as one line ("" when neither).</summary>
    public string FeedbackText => string.Join(" ", new[] { Satisfaction, Feedback }.Where(x => x is not null));
}

public sealed record ReceiptEvidence(DateOnly Date, string Channel, string Quote);

/// <summary>
/// A follow-up action from the review, with its owner as typed and, when agreed, its due date. The owner is also kept
/// as the stakeholder the text names (<see cref="OwnedBy"/>) when it names one: that person is nudged and may mark it
/// done; otherwise the Delivery Manager is. Follow-ups outlive the delivery: they are nudged after it is closed too.
/// </summary>
public sealed record FollowUp(
    string Action, string Owner, DateOnly? Due = null, Person? OwnedBy = null, FollowUpDone? Done = null)
{
    public bool IsOpen => Done is null;
}

/// <summary>Who marked a follow-up done, when, and what they said.</summary>
public sealed record FollowUpDone(DateTimeOffset At, Person By, string? Note);

/// <summary>The post-delivery review's lessons learned.</summary>
public sealed record Review(
    IReadOnlyList<string> WentWell, IReadOnlyList<string> CouldImprove, IReadOnlyList<FollowUp> FollowUps,
    string? ClientFeedback, DateTimeOffset CompletedAt, Person CompletedBy);

/// <summary>The deployment window confirmed by the Deployment Specialist in stage 5.</summary>
public sealed record DeploymentWindow(
    DateOnly Start, DateOnly End, Person ConfirmedBy, DateTimeOffset ConfirmedAt, bool FitsSchedule);
