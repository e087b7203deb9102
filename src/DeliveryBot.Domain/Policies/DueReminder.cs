using DeliveryBot.Domain.People;

namespace DeliveryBot.Domain.Policies;

public enum ReminderKind
{
    /// <summary>A gate acknowledgement still pending: nudge its holder (or their delegate).</summary>
    GateNudge,
    /// <summary>A holder was nudged the agreed number of times: tell the DM.</summary>
    NudgesExhausted,
    /// <summary>Ask the PLA for a production check-in.</summary>
    ProductionCheckIn,
    /// <summary>The client status update is due: the DM gets a drafted update.</summary>
    StatusUpdateDue,
    /// <summary>A delay passed what was agreed: raise an escalation to the CTO (once per trigger).</summary>
    EscalationDue,
    /// <summary>Tell the CTO about a raised escalation.</summary>
    EscalationNotice,
    /// <summary>Re-nudge the CTO each business day until the escalation is acknowledged.</summary>
    EscalationNudge,
    /// <summary>5 business days after handover without a client acknowledgement: start the review.</summary>
    ReviewStart,
    /// <summary>An out-of-office delegation lapsed: end it and tell the holder.</summary>
    DelegationEnded,
    /// <summary>
    /// A review follow-up is due and not done: nudge its owner (the DM when the owner is not in Teams), also after
    /// the delivery is closed.
    /// </summary>
    FollowUpDue,
    /// <summary>
    /// A revised schedule not acknowledged yet by the PLA or the Deployment Specialist: nudge them (reference: the
    /// role).
    /// </summary>
    RevisedScheduleNudge,
    /// <summary>Communication plan, T-7: the DM gets the drafted release scope finalized, for internal teams.</summary>
    ReleaseScopeFinalizedDue,
    /// <summary>Communication plan, T-1: the DM gets the drafted go/no-go decision for all stakeholders.</summary>
    GoNoGoDecisionDue,
    /// <summary>Communication plan, T-0: the DM gets the drafted release notes for customer success.</summary>
    ReleaseNotesDue,
    /// <summary>Communication plan, T+1: the DM gets the drafted changelog email for the client.</summary>
    ChangelogEmailDue,
    /// <summary>24 hours after go-live: ask the Deployment Specialist whether the success metrics were met.</summary>
    SuccessMetricsDue,
    /// <summary>An open incident's status update to the stakeholders is due: remind its commander.</summary>
    IncidentStatusDue,
    /// <summary>
    /// A post-incident review's action item is due and not done: nudge its owner, also after the delivery is closed
    /// (reference: its id, I1-A1).
    /// </summary>
    ActionItemDue,
    /// <summary>
    /// An incident resolved a business day ago has no review yet: ask the DM (else its commander), once.
    /// </summary>
    IncidentReviewDue,
    /// <summary>
    /// The month's error budget: the burn rate passed 1, or 50 % or 100 % of it is used; the DM and the CTO are told,
    /// each once a month (reference: the month, yyyy-MM).
    /// </summary>
    ErrorBudgetAlert,
}

/// <summary>
/// A scheduled message: what, to whom, when. <see cref="Key"/> is unique per occurrence, so a message
/// recorded as sent under its key is never due again.
/// </summary>
public sealed record DueReminder(
    ReminderKind Kind, string Key, Person Recipient, DateTimeOffset DueAt, string Subject, string? Reference = null);
