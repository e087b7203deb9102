using System.Collections.Immutable;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;

namespace DeliveryBot.Domain.Record;

/// <summary>
/// Everything the delivery record holds, as immutable data: the seed template's fields plus stakeholders,
/// calendar, cadence, gate decisions, QA attempts, handover, review, skips and the audit trail.
/// <see cref="Deliveries.Delivery"/> is the only thing that changes it; storage persists it as it is.
/// </summary>
public sealed record DeliveryState
{
    public required string Id { get; init; }

    /// <summary>
    /// The organisation (Microsoft Entra tenant) that opened the delivery; empty when none was known. Every read is
    /// scoped to it: another organisation's people cannot find, list, see or change the delivery.
    /// </summary>
    public string TenantId { get; init; } = "";
    public required long Version { get; init; }
    public required string Client { get; init; }
    public required string DigitalTalent { get; init; }
    public required string Scope { get; init; }
    public string? TimelineExpectations { get; init; }

    /// <summary>The signed-off requirements the intake handed over; null for a delivery opened without them.</summary>
    public RequirementsPackage? Requirements { get; init; }
    public required DateOnly IntakeDate { get; init; }
    public DateOnly? AgreedDeliveryDate { get; init; }
    public required DeliverySettings Settings { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>
    /// Set when the Client Intake Manager opened the delivery for another Delivery Manager to confirm; null when the
    /// DM opened it.
    /// </summary>
    public ManagerProposal? Proposal { get; init; }

    public ImmutableList<RoleAssignment> Stakeholders { get; init; } = [];
    public ImmutableList<Delegation> Delegations { get; init; } = [];
    public ImmutableList<StageProgress> Stages { get; init; } = [];
    public ImmutableList<MilestoneEntry> Milestones { get; init; } = [];
    public ImmutableList<GateDecision> Decisions { get; init; } = [];

    public ImmutableList<Ambiguity> Ambiguities { get; init; } = [];
    public Schedule? Schedule { get; init; }
    public DateTimeOffset? SchedulePublishedAt { get; init; }

    /// <summary>Every move of a milestone's target after planning, in order (numbered from 1).</summary>
    public ImmutableList<MilestoneMove> MilestoneMoves { get; init; } = [];
    public ImmutableList<RevisedScheduleAcknowledgement> RevisedScheduleAcknowledgements { get; init; } = [];
    public ImmutableList<Risk> Risks { get; init; } = [];
    public ImmutableList<Blocker> Blockers { get; init; } = [];
    public ImmutableList<Escalation> Escalations { get; init; } = [];

    /// <summary>Change requests in the seed's template, numbered C1, C2… (shown as CHG-&lt;id&gt;-1…).</summary>
    public ImmutableList<ChangeRequest> ChangeRequests { get; init; } = [];

    /// <summary>
    /// The roles on this delivery's change advisory board (CAB); a record from before it was kept has the default,
    /// the CTO and the Delivery Manager.
    /// </summary>
    public ImmutableList<Role> ChangeBoard { get; init; } = [Role.Cto, Role.DeliveryManager];
    public ImmutableList<CheckIn> CheckIns { get; init; } = [];
    public ImmutableList<QaAttempt> QaAttempts { get; init; } = [];
    public DeploymentWindow? DeploymentWindow { get; init; }
    public ImmutableList<string> DeploymentChecklistDone { get; init; } = [];

    /// <summary>
    /// Who ticked or unticked which checklist item when, in order; <see cref="DeploymentChecklistDone"/> is what
    /// stands (it predates the marks, so an item ticked before them has none).
    /// </summary>
    public ImmutableList<ChecklistMark> DeploymentChecklistMarks { get; init; } = [];

    /// <summary>The DM's override of the checklist for "deployment succeeded", if given.</summary>
    public ChecklistOverride? DeploymentChecklistOverride { get; init; }

    /// <summary>The release's exit criteria confirmed or withdrawn, in order (the last mark of each stands).</summary>
    public ImmutableList<ExitCriterionMark> ExitCriteriaMarks { get; init; } = [];

    /// <summary>Every go/no-go decision, in order; a no-go ends its round.</summary>
    public ImmutableList<GoNoGoDecision> GoNoGoDecisions { get; init; } = [];

    /// <summary>The rollout method and plan, its steps, rollbacks and the monitoring after go-live.</summary>
    public Rollout Rollout { get; init; } = new();
    public HandoverPackage? Handover { get; init; }
    public ClientAcknowledgement? ClientAcknowledgement { get; init; }

    /// <summary>The sign-off links issued for the client's acknowledgement, in order (L1, L2…).</summary>
    public ImmutableList<SignOffLink> SignOffLinks { get; init; } = [];
    public Review? Review { get; init; }
    public ImmutableList<StatusUpdate> StatusUpdates { get; init; } = [];

    /// <summary>Incidents in the service it put live, in the order declared (I1, I2...).</summary>
    public ImmutableList<Incident> Incidents { get; init; } = [];

    /// <summary>The service level of the service it put live: targets, readings, scheduled maintenance.</summary>
    public ServiceLevel ServiceLevel { get; init; } = new();
    public ImmutableList<ReminderSent> Reminders { get; init; } = [];
    public ReminderPause? RemindersPaused { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>
    /// When each subject of the record last changed (<see cref="Deliveries.Subject"/>), so a card is out of date only
    /// when what it asks about changed. An array, in the order of <see cref="Deliveries.Subject.All"/>: each command
    /// looks every subject up, and finds it at its own place.
    /// </summary>
    public ImmutableArray<SubjectChange> SubjectChanges { get; init; } = [];

    public ImmutableList<AuditEntry> Audit { get; init; } = [];
}
