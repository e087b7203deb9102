using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Domain.Commands;

/// <summary>
/// An escalation to the CTO: by the DM, or by the scheduler when a delay passes what was agreed. An automatic
/// escalation names its trigger (a milestone or blocker) and is raised once per trigger.
/// </summary>
public sealed record Escalate(string Issue, string? Trigger = null) : DeliveryCommand
{
    public override string Action => "escalate";

    // the service a closed delivery put live still has incidents, and a missed incident target still escalates
    internal override bool AllowedWhenClosed => Delivery.IsIncidentTrigger(Trigger);

    internal override string? AlreadyDecided(Delivery delivery)
        => Trigger is not null && delivery.State.Escalations.Find(e => e.Trigger == Trigger) is { } first
            ? $"Already escalated as {first.Id} at {delivery.Time(first.RaisedAt)}."
            : null;

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.RequireOrSystem(meta, Role.DeliveryManager);
        if (meta.Actor.IsSystem && Trigger is null)
            throw new RuleViolation("An automatic escalation names its trigger.");
        var cto = delivery.RequireHolder(Role.Cto);
        var escalation = new Escalation(
            Id: $"{delivery.Id}-E{delivery.State.Escalations.Count + 1}",
            RaisedAt: meta.At,
            Issue: UserText.Required(Issue, "The issue", UserText.Paragraph),
            EscalatedTo: cto,
            RaisedBy: meta.Actor,
            Trigger);
        delivery.Change(s => s with { Escalations = s.Escalations.Add(escalation) });
        var raised = $"Escalation {escalation.Id} raised to {cto} (CTO): {escalation.Issue}";
        delivery.Raise(new EscalationRaised(escalation.Id, cto, raised));
        // a missed incident target is the DM's to know at once too (the seed: escalate, and tell the DM)
        if (Delivery.IsIncidentTrigger(Trigger))
            delivery.Raise(new TeamTold(Trigger!, [.. delivery.ActorsFor(Role.DeliveryManager, meta.At)], raised));
        return raised;
    }
}

/// <summary>The CTO acknowledges an escalation; the daily re-nudges stop.</summary>
public sealed record AcknowledgeEscalation(string EscalationId) : DeliveryCommand
{
    public override string Action => "acknowledge-escalation";

    // closing needs every escalation resolved, so one open on a closed delivery is a missed incident target
    internal override bool AllowedWhenClosed => true;

    internal override string? AlreadyDecided(Delivery delivery)
        => delivery.FindEscalation(EscalationId) is { AcknowledgedAt: { } at } e
            ? $"Escalation {e.Id} was acknowledged at {delivery.Time(at)}."
            : null;

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(meta, Role.Cto);
        var escalation = delivery.FindEscalation(EscalationId)
            ?? throw new RuleViolation($"There is no escalation {EscalationId}.");
        if (escalation.IsResolved) throw new RuleViolation($"Escalation {escalation.Id} is already resolved.");
        delivery.Change(s => s with
        {
            Escalations = s.Escalations.Replace(escalation, escalation with { AcknowledgedAt = meta.At }),
        });
        return $"Escalation {escalation.Id} acknowledged by {meta.Actor} at {delivery.Time(meta.At)}.";
    }
}

/// <summary>The CTO resolves an escalation, with the resolution (an open one counts as acknowledged too).</summary>
public sealed record ResolveEscalation(string EscalationId, string Resolution) : DeliveryCommand
{
    public override string Action => "resolve-escalation";

    // closing needs every escalation resolved, so one open on a closed delivery is a missed incident target
    internal override bool AllowedWhenClosed => true;

    internal override string? AlreadyDecided(Delivery delivery)
        => delivery.FindEscalation(EscalationId) is { IsResolved: true } e
            ? $"Escalation {e.Id} was resolved by {e.ResolvedBy} at {delivery.Time(e.ResolvedAt!.Value)}: " +
                $"{e.Resolution}"
            : null;

    internal override string Apply(Delivery delivery, CommandMeta meta)
    {
        delivery.Require(meta, Role.Cto);
        var escalation = delivery.FindEscalation(EscalationId)
            ?? throw new RuleViolation($"There is no escalation {EscalationId}.");
        var resolved = escalation with
        {
            Resolution = UserText.Required(Resolution, "The resolution", UserText.Paragraph),
            ResolvedBy = meta.Actor,
            ResolvedAt = meta.At,
            AcknowledgedAt = escalation.AcknowledgedAt ?? meta.At,
        };
        delivery.Change(s => s with { Escalations = s.Escalations.Replace(escalation, resolved) });
        return $"Escalation {escalation.Id} resolved by {meta.Actor}: {resolved.Resolution}";
    }
}
