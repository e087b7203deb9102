using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;

namespace DeliveryBot.Domain.Commands;

/// <summary>
/// Stage 2: the DM sets the schedule (the planned baseline and the milestone targets) and, per milestone,
/// the acceptable delay in business days beyond which the CTO is told. Re-planning withdraws any
/// schedule acknowledgements: they were for the old schedule.
/// </summary>
public sealed record PlanDelivery(Schedule Schedule, IReadOnlyDictionary<Milestone, int>? AcceptableDelays = null)
    : DeliveryCommand
{
    public const int MaxAcceptableDelay = 30;

    public override string Action => "plan-delivery";

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(meta, Role.DeliveryManager);
        delivery.RequireActive(Stage.DeliveryPlanning);
        Schedule.Validate(delivery.State.IntakeDate);
        var delays = AcceptableDelays ?? new Dictionary<Milestone, int>();
        if (delays.Values.Any(d => d is < 0 or > MaxAcceptableDelay))
            throw new RuleViolation($"An acceptable delay must be between 0 and {MaxAcceptableDelay} business days.");

        var reviewTarget = delivery.Calendar.AddBusinessDays(Schedule.ClientHandover, ReviewStartsAfterBusinessDays);
        var targets = Schedule.Targets().Append((Milestone.PostDeliveryReview, reviewTarget)).ToDictionary();
        delivery.Change(s => s with
        {
            Schedule = Schedule,
            SchedulePublishedAt = null,
            Milestones = [.. s.Milestones.Select(m => m with
            {
                Target = targets.TryGetValue(m.Milestone, out var t) ? t : m.Target,
                AcceptableDelayDays = delays.TryGetValue(m.Milestone, out var d) ? d : m.AcceptableDelayDays,
            })],
        });
        delivery.Withdraw(
            [Checks.ScheduleAcknowledgedByPla, Checks.ScheduleAcknowledgedByDeployment], meta, "the schedule changed");
        var late = delivery.State.AgreedDeliveryDate is { } agreed && Schedule.ClientHandover > agreed
            ? $" Note: client handover ({Schedule.ClientHandover:yyyy-MM-dd}) is after the agreed delivery date " +
                $"({agreed:yyyy-MM-dd})."
            : "";
        return $"Schedule planned: production {Schedule.ProductionStart:yyyy-MM-dd} " +
               $"to {Schedule.ProductionComplete:yyyy-MM-dd}, " +
               $"client handover {Schedule.ClientHandover:yyyy-MM-dd}.{late}";
    }
}

/// <summary>
/// Stage 2: the DM shares the schedule with every stakeholder; the PLA and Deployment Specialist are asked to
/// acknowledge it.
/// </summary>
public sealed record PublishSchedule : DeliveryCommand
{
    public override string Action => "publish-schedule";

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(meta, Role.DeliveryManager);
        delivery.RequireActive(Stage.DeliveryPlanning);
        if (delivery.State.Schedule is null) throw new RuleViolation("Plan the schedule before sharing it.");
        if (delivery.State.SchedulePublishedAt is not null)
            throw new RuleViolation("The schedule is already shared; re-plan to change it.");
        var pla = delivery.RequireHolder(Role.ProductionLineArchitect);
        var deployment = delivery.RequireHolder(Role.DeploymentSpecialist);
        delivery.Change(s => s with { SchedulePublishedAt = meta.At });
        // Everyone else with a role hears of it for information; the two who acknowledge it are asked in their turn.
        var asked = new[] { Role.DeliveryManager }.Concat(Delivery.ScheduleAcknowledgers)
            .SelectMany(delivery.HoldersOf)
            .ToList();
        var informed = delivery.State.Stakeholders
            .Select(s => s.Person)
            .Where(p => !asked.Any(p.IsSameAs))
            .DistinctBy(p => p.Key)
            .ToList();
        delivery.Raise(new ScheduleShared(informed, $"Schedule shared by {meta.Actor} with the stakeholders."));
        return $"Schedule shared with the stakeholders. Awaiting acknowledgement from {pla} " +
               $"(Production Line Architect) and {deployment} (Deployment Specialist).";
    }
}

/// <summary>
/// A milestone's target moves (after a QA failure, a blocker, a deployment issue), with the reason. The planned
/// baseline is kept for the review and every move is recorded (from, to, reason, who, when). During stage 2 the
/// schedule acknowledgements are withdrawn; after it, the Production Line Architect and the Deployment Specialist owe
/// an acknowledgement of the revised schedule. A slip, or any move of the client's handover date, offers the DM the
/// delay notice.
/// </summary>
public sealed record RescheduleMilestone(Milestone Milestone, DateOnly NewTarget, string Reason) : DeliveryCommand
{
    public override string Action => "reschedule-milestone";

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(meta, Role.DeliveryManager);
        Known.Value(Milestone, "milestone");
        var reason = UserText.Required(Reason, "The reason for the new date", UserText.Paragraph);
        return delivery.MoveMilestone(Milestone, NewTarget, reason, meta);
    }
}

/// <summary>
/// After stage 2, the Production Line Architect or the Deployment Specialist acknowledges the schedule as revised by
/// the DM's moves (for every one of those roles the sender holds). It holds no gate: it is the record that they know.
/// </summary>
public sealed record AcknowledgeRevisedSchedule : DeliveryCommand
{
    public override string Action => "acknowledge-revised-schedule";

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(meta, [.. Delivery.ScheduleAcknowledgers]);
        var roles = Delivery.ScheduleAcknowledgers.Where(r => delivery.Holds(meta.Actor, r, meta.At)).ToList();
        var owing = roles.Where(r => delivery.UnacknowledgedMove(r) is not null).ToList();
        if (owing.Count == 0)
        {
            var last = roles.Select(delivery.LastRevisedScheduleAcknowledgement).LastOrDefault(a => a is not null);
            throw new RuleViolation(last is null
                ? "The schedule has not been revised since it was acknowledged: there is nothing to acknowledge."
                : $"The revised schedule was already acknowledged by {last.By} at {delivery.Time(last.At)}.");
        }
        var upTo = delivery.State.MilestoneMoves.Last(m => m.NeedsAcknowledgement).Number;
        delivery.Change(s => s with
        {
            RevisedScheduleAcknowledgements = s.RevisedScheduleAcknowledgements.AddRange(
                owing.Select(r => new RevisedScheduleAcknowledgement(r, meta.Actor, meta.At, upTo))),
        });
        return $"Revised schedule acknowledged by {meta.Actor} " +
               $"({string.Join(" and ", owing.Select(r => r.Title()))}) at {delivery.Time(meta.At)}.";
    }
}
