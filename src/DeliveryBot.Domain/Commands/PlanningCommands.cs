using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;
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
        return $"Schedule shared with the stakeholders. Awaiting acknowledgement from {pla} " +
               $"(Production Line Architect) and {deployment} (Deployment Specialist).";
    }
}

/// <summary>
/// A milestone's target moves (after a QA failure, a blocker, a deployment issue). The planned baseline is
/// kept for the review; the change and its reason are audited.
/// </summary>
public sealed record RescheduleMilestone(Milestone Milestone, DateOnly NewTarget, string Reason) : DeliveryCommand
{
    public override string Action => "reschedule-milestone";

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(meta, Role.DeliveryManager);
        Known.Value(Milestone, "milestone");
        Known.Date(NewTarget, delivery.State.IntakeDate, $"The new {Milestone.Title()} target");
        var reason = UserText.Required(Reason, "The reason for the new date", UserText.Paragraph);
        var entry = delivery.State.Milestones[(int)Milestone];
        if (entry.Actual is not null)
            throw new RuleViolation($"{Milestone.Title()} was already reached on {entry.Actual:yyyy-MM-dd}.");
        if (entry.Skipped) throw new RuleViolation($"{Milestone.Title()} was skipped.");
        delivery.Change(s => s with
        {
            Milestones = s.Milestones.SetItem((int)Milestone, entry with { Target = NewTarget }),
        });
        if (delivery.IsActive(Stage.DeliveryPlanning))
            delivery.Withdraw(
                [Checks.ScheduleAcknowledgedByPla, Checks.ScheduleAcknowledgedByDeployment],
                meta,
                "the schedule changed");
        var from = entry.Target is { } old ? $" from {old:yyyy-MM-dd}" : "";
        return $"{Milestone.Title()} moved{from} to {NewTarget:yyyy-MM-dd}: {reason}";
    }
}
