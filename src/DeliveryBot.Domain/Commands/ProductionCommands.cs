using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Domain.Commands;

/// <summary>Stage 3: the PLA records that production has begun.</summary>
public sealed record StartProduction : DeliveryCommand
{
    public override string Action => "start-production";

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(meta, Role.ProductionLineArchitect, Role.DeliveryManager);
        delivery.RequireActive(Stage.ProductionTracking);
        if (delivery.State.Milestones[(int)Milestone.ProductionStart].Actual is { } started)
            throw new RuleViolation($"Production start was already recorded on {started:yyyy-MM-dd}.");
        delivery.SetActual(Milestone.ProductionStart, delivery.Today(meta));
        return $"Production started ({delivery.Today(meta):yyyy-MM-dd}), recorded by {meta.Actor}.";
    }
}

/// <summary>
/// Stage 3: a check-in with the PLA: on track, at risk or blocked. The first check-in also records that
/// production has started; "blocked" raises a blocker, which escalates if not resolved within the acceptable delay.
/// </summary>
public sealed record RecordCheckIn(CheckInStatus Status, string? Note) : DeliveryCommand
{
    public override string Action => "check-in";

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(meta, Role.ProductionLineArchitect);
        delivery.RequireActive(Stage.ProductionTracking);
        Known.Value(Status, "check-in status");
        var note = UserText.Optional(Note, "The note", UserText.Paragraph);
        if (Status != CheckInStatus.OnTrack && note is null)
            throw new RuleViolation("Say what puts production at risk or blocks it.");
        delivery.Change(s => s with { CheckIns = s.CheckIns.Add(new CheckIn(meta.At, Status, note, meta.Actor)) });
        delivery.SetActual(Milestone.ProductionStart, delivery.Today(meta));
        if (Status == CheckInStatus.Blocked) delivery.AddBlocker(note!, impact: null, meta);
        var label = Status switch
        {
            CheckInStatus.OnTrack => "on track",
            CheckInStatus.AtRisk => "at risk",
            _ => "blocked",
        };
        return $"Check-in by {meta.Actor}: production is {label}{(note is null ? "." : $": {note}")}";
    }
}
