using DeliveryBot.Domain.Record;

namespace DeliveryBot.Domain.Deliveries;

public sealed partial class Delivery
{
    public Blocker? FindBlocker(string id)
        => State.Blockers.Find(b => string.Equals(b.Id, id, StringComparison.OrdinalIgnoreCase));

    public Escalation? FindEscalation(string id)
        => State.Escalations.Find(e => string.Equals(e.Id, id, StringComparison.OrdinalIgnoreCase));

    internal Blocker AddBlocker(string description, string? impact, CommandMeta meta)
    {
        var blocker = new Blocker(
            Id: $"B{State.Blockers.Count + 1}",
            Stage: CurrentStage,
            description,
            RaisedBy: meta.Actor,
            RaisedAt: meta.At,
            impact);
        Change(s => s with { Blockers = s.Blockers.Add(blocker) });
        Note("blocker-raised", new BlockerRaised(blocker.Id, $"Blocker {blocker.Id}: {description}"));
        return blocker;
    }
}
