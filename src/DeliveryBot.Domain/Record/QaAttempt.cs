using DeliveryBot.Domain.People;

namespace DeliveryBot.Domain.Record;

public enum QaVerdict { Pass, Fail }

/// <summary>
/// One submission to QA. Every attempt is kept, with its failure report and the remediation that followed.
/// </summary>
public sealed record QaAttempt(
    int Number, DateTimeOffset SubmittedAt, Person SubmittedBy, string? RemediationNotes = null,
    QaVerdict? Verdict = null, DateTimeOffset? DecidedAt = null, Person? DecidedBy = null, string? FailureReport = null)
{
    public bool AwaitingVerdict => Verdict is null;
}
