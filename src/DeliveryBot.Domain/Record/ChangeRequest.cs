using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;

namespace DeliveryBot.Domain.Record;

/// <summary>The seed's four change types: who approves each and how much notice it needs.</summary>
public enum ChangeType { Standard, Normal, Expedited, Emergency }

/// <summary>
/// The seed's approvers (its change-type table and its template's approvals table), each held by a role of the
/// delivery (see <see cref="Deliveries.Delivery.ApproverRoles"/>).
/// </summary>
public enum ChangeApprover { TechnicalLead, ProductOwner, Cab, Manager, OnCall }

public enum ChangeState { Pending, Approved, Rejected }

/// <summary>When the change runs, in the delivery's time zone, and whether it runs in a change freeze.</summary>
public sealed record ChangeSchedule(DateOnly Date, TimeOnly Start, TimeSpan Duration, bool FreezeException);

/// <summary>What the change touches, in the requestor's words (the seed's impact analysis).</summary>
public sealed record ChangeImpact(string Systems, string Services, string Users, string Downtime);

/// <summary>
/// What an approved change does to the plan: a new scope and milestone moves, applied through the same re-planning
/// as `replan` when the last approval is given.
/// </summary>
public sealed record ChangePlan(string? Scope = null, Milestone? Milestone = null, DateOnly? To = null)
{
    public bool MovesAnything => Scope is not null || Milestone is not null;
}

/// <summary>
/// An approval given: for which approver, by whom, when; <see cref="Evidence"/> when the Delivery Manager recorded
/// the client's approval for the Product Owner.
/// </summary>
public sealed record ChangeApproval(ChangeApprover Approver, Person By, DateTimeOffset At, string? Evidence = null);

/// <summary>
/// The seed's change request template as its requestor fills it in: title, type, risk, environment, team, description,
/// justification, impact, the implementation, rollback and testing plans, the schedule, and what it changes in the
/// plan. <see cref="ChangeRequest"/> is these details once requested, with who asked, when and the approvals.
/// </summary>
public record ChangeDetails
{
    public required string Title { get; init; }
    public required ChangeType Type { get; init; }
    public required Level Risk { get; init; }
    public required string Environment { get; init; }
    public string? Team { get; init; }
    public required string Description { get; init; }
    public required string Justification { get; init; }
    public required ChangeImpact Impact { get; init; }
    public required string ImplementationPlan { get; init; }
    public required string RollbackPlan { get; init; }
    public required string TestingPlan { get; init; }
    public required ChangeSchedule Schedule { get; init; }
    public ChangePlan Plan { get; init; } = new();

    /// <summary>The details with every text cleaned and limited, as the record keeps them.</summary>
    public ChangeDetails Cleaned() => this with
    {
        Title = UserText.Required(Title, "The title"),
        Environment = UserText.Required(Environment, "The environment"),
        Team = UserText.Optional(Team, "The team"),
        Description = UserText.Required(Description, "The description", UserText.Paragraph),
        Justification = UserText.Required(Justification, "The justification", UserText.Paragraph),
        Impact = new ChangeImpact(
            Systems: UserText.Required(Impact.Systems, "The systems affected"),
            Services: UserText.Required(Impact.Services, "The services affected"),
            Users: UserText.Required(Impact.Users, "The users affected"),
            Downtime: UserText.Required(Impact.Downtime, "The downtime required")),
        ImplementationPlan = UserText.Required(ImplementationPlan, "The implementation plan", UserText.Paragraph),
        RollbackPlan = UserText.Required(RollbackPlan, "The rollback plan", UserText.Paragraph),
        TestingPlan = UserText.Required(TestingPlan, "The testing plan", UserText.Paragraph),
        Plan = Plan with { Scope = UserText.Optional(Plan.Scope, "The new scope", UserText.Paragraph) },
    };
}

/// <summary>
/// A change request in the seed's template (CHG-&lt;delivery&gt;-&lt;n&gt;): its details, who requested it when, and
/// its approvals. It is pending until every approver its type needs has approved it, or one rejects it.
/// </summary>
public sealed record ChangeRequest : ChangeDetails
{
    /// <summary>For storage, which fills every member in.</summary>
    public ChangeRequest() { }

    /// <summary>The request made of <paramref name="details"/> (already cleaned), by whom, when.</summary>
    [SetsRequiredMembers]
    public ChangeRequest(ChangeDetails details, string id, Person requestor, DateTimeOffset requestedAt)
        : base(details)
    {
        Id = id;
        Requestor = requestor;
        RequestedAt = requestedAt;
    }

    /// <summary>
    /// Its id within the delivery (C1); <see cref="Deliveries.Delivery.ChangeNumber"/> is how it is shown.
    /// </summary>
    public required string Id { get; init; }
    public required Person Requestor { get; init; }
    public required DateTimeOffset RequestedAt { get; init; }
    public ImmutableList<ChangeApproval> Approvals { get; init; } = [];
    public DateTimeOffset? ApprovedAt { get; init; }
    public Person? RejectedBy { get; init; }
    public DateTimeOffset? RejectedAt { get; init; }
    public string? RejectionReason { get; init; }

    public ChangeState State => RejectedAt is not null ? ChangeState.Rejected
        : ApprovedAt is not null ? ChangeState.Approved : ChangeState.Pending;

    public bool IsPending => State == ChangeState.Pending;
}
