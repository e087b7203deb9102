using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Domain.Commands;

/// <summary>
/// A change request in the seed's template, from the delivery team. Its type decides its approvers and its lead time
/// on the delivery's business calendar (<see cref="Delivery.ApproversFor"/>, <see cref="Delivery.RequireLeadTime"/>):
/// one proposed inside its lead time is refused with what would be allowed. A Standard change is pre-approved. Only a
/// Normal or Expedited change, which the CAB or the DM approves, may change the scope or move a milestone.
/// </summary>
public sealed record RequestChange(ChangeDetails Details) : DeliveryCommand
{
    /// <summary>The longest a change may run: past a week it is a project, not a change.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(7);

    public override string Action => "request-change";

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(meta, [.. Delivery.ChangeRequestors]);
        var (type, schedule) = (Details.Type, Details.Schedule);
        Known.Value(type, "change type");
        Known.Value(Details.Risk, "risk level");
        Known.Date(schedule.Date, delivery.Today(meta), "The change's date");
        if (schedule.Duration <= TimeSpan.Zero || schedule.Duration > MaxDuration)
            throw new RuleViolation("A change runs for more than no time and at most 7 days: give its duration.");
        var details = Details.Cleaned();
        var plan = details.Plan;
        if (plan.Milestone is { } m) Known.Value(m, "milestone");
        if (plan.MovesAnything && type is not (ChangeType.Normal or ChangeType.Expedited))
            throw new RuleViolation($"A {type} change cannot change the scope or move a milestone: make it Normal "
                + "(the CAB approves it) or Expedited (the DM approves it).");
        delivery.RequirePlan(plan, meta);
        delivery.RequireLeadTime(type, schedule, meta.At);

        var change = new ChangeRequest(details, $"C{delivery.State.ChangeRequests.Count + 1}", meta.Actor, meta.At);
        delivery.Change(s => s with { ChangeRequests = s.ChangeRequests.Add(change) });
        var number = delivery.ChangeNumber(change);
        var requested = $"Change {number} requested by {meta.Actor} ({type}, risk {change.Risk}): {change.Title}.";
        delivery.Raise(new ChangeRequested(change.Id, requested));
        if (type == ChangeType.Standard)
        {
            delivery.ApproveInFull(change, meta);
            return $"{requested} A Standard change is pre-approved: it may run as scheduled.";
        }
        return $"{requested} Awaiting approval — {delivery.WhoApproves(change, meta.At)}.";
    }
}

/// <summary>
/// An approver approves a change request, for every approver still awaited whose role they hold; the Delivery Manager
/// records the client's approval as Product Owner with evidence. With the last approval the change is approved and
/// what it changes in the plan is applied.
/// </summary>
public sealed record ApproveChange(string ChangeId, string? Evidence = null) : DeliveryCommand
{
    public override string Action => "approve-change";

    internal override string? AlreadyDecided(Delivery delivery) => ChangeDecisions.Closed(delivery, ChangeId);

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        var change = ChangeDecisions.Find(delivery, ChangeId);
        var number = delivery.ChangeNumber(change);
        var evidence = UserText.Optional(Evidence, "The evidence", UserText.Paragraph);
        var giving = delivery.ApproversHeldBy(change, meta.Actor, meta.At, withEvidence: evidence is not null);
        if (giving.Count == 0)
        {
            if (change.Approvals.FindLast(a => a.By.IsSameAs(meta.Actor)) is { } mine)
                throw new RuleViolation($"You already approved {number} ({Delivery.ApproverTitle(mine.Approver)}) at "
                    + $"{delivery.Time(mine.At)}; it awaits {Awaited(change)}.");
            if (Delivery.AwaitedApprovers(change).Contains(ChangeApprover.ProductOwner)
                && delivery.Holds(meta.Actor, Role.DeliveryManager, meta.At))
                throw new RuleViolation("To record the client's approval as Product Owner, give the evidence: when, "
                    + "how and in what words the client approved.");
            throw new NotPermitted($"Only the approvers {number} awaits can approve it — "
                + $"{delivery.WhoApproves(change, meta.At)}.");
        }
        var approvals = giving.Select(a => new ChangeApproval(a, meta.Actor, meta.At,
            a == ChangeApprover.ProductOwner && !delivery.Holds(meta.Actor, Role.ClientContact, meta.At)
                ? evidence
                : null)).ToList();
        var approved = change with { Approvals = change.Approvals.AddRange(approvals) };
        delivery.Change(s => s with { ChangeRequests = s.ChangeRequests.Replace(change, approved) });
        var who = $"{number} approved by {meta.Actor} ({string.Join(", ", giving.Select(Delivery.ApproverTitle))})";
        if (Delivery.AwaitedApprovers(approved).Count > 0)
        {
            delivery.Raise(new ChangeApproved(change.Id, InFull: false, who));
            return $"{who}. It awaits {Awaited(approved)}.";
        }
        delivery.ApproveInFull(approved, meta);
        delivery.Raise(new ChangeApproved(change.Id, InFull: true, $"{who}: approved in full."));
        var applied = change.Plan.MovesAnything ? " Its changes to the plan are applied (see the record)." : "";
        return $"{who}: approved in full; it may run on {change.Schedule.Date:yyyy-MM-dd} at "
            + $"{change.Schedule.Start:HH\\:mm}.{applied}";
    }

    private static string Awaited(ChangeRequest change)
        => string.Join(", ", Delivery.AwaitedApprovers(change).Select(Delivery.ApproverTitle));
}

/// <summary>
/// An approver (or the Delivery Manager, for the client) rejects a change request with the reason: it is closed.
/// </summary>
public sealed record RejectChange(string ChangeId, string Reason) : DeliveryCommand
{
    public override string Action => "reject-change";

    internal override string? AlreadyDecided(Delivery delivery) => ChangeDecisions.Closed(delivery, ChangeId);

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        var change = ChangeDecisions.Find(delivery, ChangeId);
        var number = delivery.ChangeNumber(change);
        if (!delivery.ChangeApprovers(change, meta.At).Any(p => p.IsSameAs(meta.Actor)))
            throw new NotPermitted($"Only the approvers {number} awaits can reject it — "
                + $"{delivery.WhoApproves(change, meta.At)}.");
        var rejected = change with
        {
            RejectedBy = meta.Actor,
            RejectedAt = meta.At,
            RejectionReason = UserText.Required(Reason, "The reason for rejecting it", UserText.Paragraph),
        };
        delivery.Change(s => s with { ChangeRequests = s.ChangeRequests.Replace(change, rejected) });
        var message = $"{number} rejected by {meta.Actor}: {rejected.RejectionReason}. The request is closed.";
        delivery.Raise(new ChangeRejected(change.Id, rejected.RejectionReason, message));
        return message;
    }
}

/// <summary>
/// The Delivery Manager sets who sits on the delivery's CAB (by role; the client is the Product Owner).
/// </summary>
public sealed record SetChangeBoard(IReadOnlyList<Role> Roles) : DeliveryCommand
{
    public override string Action => "set-change-board";

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(meta, Role.DeliveryManager);
        foreach (var role in Roles) Known.Value(role, "role");
        var roles = Roles.Distinct().ToList();
        if (roles.Count == 0) throw new RuleViolation("The CAB needs at least one role.");
        if (roles.Contains(Role.ClientContact))
            throw new RuleViolation("The client approves a change as its Product Owner, not on the CAB.");
        if (roles.SequenceEqual(delivery.State.ChangeBoard))
            throw new RuleViolation("The CAB is already those roles.");
        delivery.Change(s => s with { ChangeBoard = [.. roles] });
        var members = delivery.WhoCanAct(roles, meta.At).Replace(" or ", ", ", StringComparison.Ordinal);
        return $"The CAB of {delivery.Id} is now {members}.";
    }
}

/// <summary>What approving and rejecting share: finding the change, and the answer once it is decided.</summary>
internal static class ChangeDecisions
{
    public static ChangeRequest Find(Delivery delivery, string id)
        => delivery.FindChange(id)
            ?? throw new RuleViolation($"There is no change {id} on delivery {delivery.Id}.");

    public static string? Closed(Delivery delivery, string id) => delivery.FindChange(id) switch
    {
        { State: ChangeState.Approved } c
            => $"{delivery.ChangeNumber(c)} was already approved at {delivery.Time(c.ApprovedAt!.Value)}.",
        { State: ChangeState.Rejected } c
            => $"{delivery.ChangeNumber(c)} was rejected by {c.RejectedBy} at {delivery.Time(c.RejectedAt!.Value)}: "
                + $"{c.RejectionReason}",
        _ => null,
    };
}
