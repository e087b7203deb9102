using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Domain.Commands;

/// <summary>
/// The DM pauses the delivery's nudges, check-ins and status-update reminders (a client freeze, a holiday the
/// calendar does not know). Escalations to the CTO, the review start and delegation ends are not paused.
/// </summary>
public sealed record PauseReminders : DeliveryCommand
{
    public override string Action => "pause-reminders";

    internal override string? AlreadyDecided(Delivery delivery)
        => delivery.State.RemindersPaused is { } p
            ? $"Reminders were already paused by {p.By} at {delivery.Time(p.At)}."
            : null;

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(meta, Role.DeliveryManager);
        delivery.Change(s => s with { RemindersPaused = new ReminderPause(meta.At, meta.Actor) });
        return $"Reminders paused by {meta.Actor}: no nudges, check-ins or status-update reminders " +
               $"until `resume {delivery.Id}`. Escalations to the CTO go on.";
    }
}

/// <summary>The DM resumes the reminders: what fell due meanwhile comes once, not once per missed slot.</summary>
public sealed record ResumeReminders : DeliveryCommand
{
    public override string Action => "resume-reminders";

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(meta, Role.DeliveryManager);
        if (delivery.State.RemindersPaused is null) throw new RuleViolation("Reminders are not paused.");
        delivery.Change(s => s with { RemindersPaused = null });
        return $"Reminders resumed by {meta.Actor}.";
    }
}
