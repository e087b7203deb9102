using System.Globalization;
using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Domain.Deliveries;

/// <summary>
/// Change requests: which approvers each type needs, which roles hold them, the lead time on the delivery's business
/// calendar, and what an approved change does to the plan. docs/practice.md tells the same in words.
/// </summary>
public sealed partial class Delivery
{
    /// <summary>The roles a change request may come from: the delivery team.</summary>
    public static readonly IReadOnlyList<Role> ChangeRequestors =
        [Role.DeliveryManager, Role.ProductionLineArchitect, Role.QaEngineer, Role.DeploymentSpecialist];

    /// <summary>The CAB a delivery starts with: the CTO and the Delivery Manager.</summary>
    public static readonly IReadOnlyList<Role> DefaultChangeBoard = [Role.Cto, Role.DeliveryManager];

    /// <summary>
    /// The approvals each type needs, from the seed: a Standard change is pre-approved; a Normal change carries the
    /// template's three (Technical Lead, Product Owner, CAB); an Expedited change the manager's; an Emergency the
    /// on-call's.
    /// </summary>
    public static IReadOnlyList<ChangeApprover> ApproversFor(ChangeType type) => type switch
    {
        ChangeType.Standard => [],
        ChangeType.Normal => [ChangeApprover.TechnicalLead, ChangeApprover.ProductOwner, ChangeApprover.Cab],
        ChangeType.Expedited => [ChangeApprover.Manager],
        ChangeType.Emergency => [ChangeApprover.OnCall],
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>
    /// Who holds an approver on this delivery: the PLA is the Technical Lead, the client contact the Product Owner (the
    /// DM may record the client's approval with evidence), the delivery's CAB, the DM the manager, the Deployment
    /// Specialist on call.
    /// </summary>
    public IReadOnlyList<Role> ApproverRoles(ChangeApprover approver) => approver switch
    {
        ChangeApprover.TechnicalLead => [Role.ProductionLineArchitect],
        ChangeApprover.ProductOwner => [Role.ClientContact],
        ChangeApprover.Cab => State.ChangeBoard,
        ChangeApprover.Manager => [Role.DeliveryManager],
        ChangeApprover.OnCall => [Role.DeploymentSpecialist],
        _ => throw new ArgumentOutOfRangeException(nameof(approver)),
    };

    public static string ApproverTitle(ChangeApprover approver) => approver switch
    {
        ChangeApprover.TechnicalLead => "Technical Lead",
        ChangeApprover.ProductOwner => "Product Owner",
        ChangeApprover.Cab => "CAB",
        ChangeApprover.Manager => "Manager",
        ChangeApprover.OnCall => "On-call",
        _ => throw new ArgumentOutOfRangeException(nameof(approver)),
    };

    /// <summary>How a change is shown and named in chat: CHG-D1-1 for change C1 of D1.</summary>
    public string ChangeNumber(ChangeRequest change) => $"CHG-{Id}-{change.Id[1..]}";

    public ChangeRequest? FindChange(string id)
        => State.ChangeRequests.Find(c => string.Equals(c.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>The approvers a change still waits for, in the seed's order.</summary>
    public static IReadOnlyList<ChangeApprover> AwaitedApprovers(ChangeRequest change)
        => change.IsPending
            ? [.. ApproversFor(change.Type).Where(a => !change.Approvals.Exists(g => g.Approver == a))]
            : [];

    /// <summary>
    /// The approvers <paramref name="person"/> can give now: those whose role they hold (or stand in for), and the
    /// Product Owner's for the DM when <paramref name="withEvidence"/> (the client approved outside Teams).
    /// </summary>
    public IReadOnlyList<ChangeApprover> ApproversHeldBy(
        ChangeRequest change, Person person, DateTimeOffset at, bool withEvidence = false)
        => [.. AwaitedApprovers(change).Where(a => ApproverRoles(a).Any(r => Holds(person, r, at))
            || (withEvidence && a == ChangeApprover.ProductOwner && Holds(person, Role.DeliveryManager, at)))];

    /// <summary>Who can approve or reject a change now (the DM too for a Product Owner, with evidence).</summary>
    public IReadOnlyList<Person> ChangeApprovers(ChangeRequest change, DateTimeOffset at)
        => [.. AwaitedApprovers(change)
            .SelectMany(a => a == ChangeApprover.ProductOwner
                ? [.. ApproverRoles(a), Role.DeliveryManager]
                : ApproverRoles(a))
            .SelectMany(r => ActorsFor(r, at))
            .DistinctBy(p => p.Key)];

    /// <summary>Who may act for the approvers still awaited, in words, for a refusal.</summary>
    internal string WhoApproves(ChangeRequest change, DateTimeOffset at)
        => string.Join("; ", AwaitedApprovers(change).Select(a =>
            $"{ApproverTitle(a)}: {WhoCanAct(ApproverRoles(a), at)}"
            + (a == ChangeApprover.ProductOwner
                ? " (or the Delivery Manager, with the client's approval as evidence)"
                : "")));

    /// <summary>Business days of notice a Normal change needs (the seed's "5 days").</summary>
    public const int NormalLeadDays = 5;

    /// <summary>Hours of notice an Expedited change needs (the seed's "24 hours", on the clock).</summary>
    public const int ExpeditedLeadHours = 24;

    /// <summary>
    /// Refuses a schedule inside its type's lead time, saying what would be allowed. A Normal change's 5 business days
    /// count on the delivery's calendar from its next working moment, that day included, so one proposed on Friday
    /// morning may run on Thursday; an Expedited change's 24 hours are on the clock. A Standard or Emergency change has
    /// none, but a Standard one cannot start in the past (an Emergency one may be recorded as it runs).
    /// </summary>
    internal void RequireLeadTime(ChangeType type, ChangeSchedule schedule, DateTimeOffset now)
    {
        var start = Calendar.ToInstant(schedule.Date, schedule.Start);
        var normal = EarliestNormalDate(now);
        var expedited = now.AddHours(ExpeditedLeadHours);
        var emergency = "an Emergency change could run now with the on-call Deployment Specialist's approval";
        var local = Calendar.Local(start).ToString("ddd d MMM HH:mm", CultureInfo.InvariantCulture);
        switch (type)
        {
            case ChangeType.Normal when schedule.Date < normal:
                var alternative = start >= expedited
                    ? $"an Expedited change could run then ({local}) with the DM's approval"
                    : $"an Expedited change could run from {Shown(expedited)} with the DM's approval; {emergency}";
                throw new RuleViolation($"A Normal change needs {NormalLeadDays} business days: the earliest is "
                    + $"{normal.ToString("ddd d MMM", CultureInfo.InvariantCulture)}; {alternative}.");
            case ChangeType.Expedited when start < expedited:
                throw new RuleViolation($"An Expedited change needs {ExpeditedLeadHours} hours: the earliest is "
                    + $"{Shown(expedited)}; {emergency}.");
            case ChangeType.Standard when start < now.AddMinutes(-1):
                throw new RuleViolation($"The change's start ({local}) is already past.");
        }
    }

    /// <summary>The first date a Normal change proposed now may run on.</summary>
    public DateOnly EarliestNormalDate(DateTimeOffset now)
        => Calendar.AddBusinessDays(Calendar.LocalDate(Calendar.NextWorkingMoment(now)), NormalLeadDays - 1);

    private string Shown(DateTimeOffset instant)
        => Calendar.Local(instant).ToString("ddd d MMM HH:mm", CultureInfo.InvariantCulture);

    /// <summary>
    /// The change takes effect: approved, and what it changes in the plan applied through re-planning (the milestone
    /// moved as `replan` moves it, with the acknowledgements and the delay notice that brings; the scope replaced).
    /// </summary>
    internal ChangeRequest ApproveInFull(ChangeRequest change, CommandMeta meta)
    {
        var approved = change with { ApprovedAt = meta.At };
        Change(s => s with { ChangeRequests = s.ChangeRequests.Replace(change, approved) });
        var number = ChangeNumber(change);
        if (change.Plan.Milestone is { } milestone && change.Plan.To is { } to)
        {
            var moved = MoveMilestone(milestone, to, $"change {number}: {change.Title}", meta);
            Note("reschedule-milestone", new ChangePlanApplied(change.Id, moved));
        }
        if (change.Plan.Scope is { } scope)
        {
            Change(s => s with { Scope = scope });
            Note("change-scope", new ChangePlanApplied(change.Id, $"Scope changed by {number}: {scope}"));
        }
        return approved;
    }

    /// <summary>
    /// Refuses a change's plan that cannot hold (the milestone reached, skipped, already there, the date past).
    /// </summary>
    internal void RequirePlan(ChangePlan plan, CommandMeta meta)
    {
        if (plan.Milestone is { } milestone)
            CheckMove(milestone, plan.To ?? throw new RuleViolation($"Give the new {milestone.Title()} date."), meta);
        else if (plan.To is not null)
            throw new RuleViolation("Say which milestone the change moves.");
    }
}
