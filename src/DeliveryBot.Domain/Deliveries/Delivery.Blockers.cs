using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Domain.Deliveries;

public sealed partial class Delivery
{
    public Blocker? FindBlocker(string id)
        => State.Blockers.Find(b => string.Equals(b.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The first open blocker of <paramref name="stage"/>, or null: an open blocker holds its stage's gates (and, in
    /// deployment coordination, the go). Asked for every stage whenever what each role owes is worked out.
    /// </summary>
    public Blocker? OpenBlockerOf(Stage stage)
    {
        foreach (var b in State.Blockers)
            if (b.Holds(stage)) return b;
        return null;
    }

    public Escalation? FindEscalation(string id)
        => State.Escalations.Find(e => string.Equals(e.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// A new blocker in the current stage. <paramref name="ownEntry"/>: the command's own audit entry tells it (raise
    /// a blocker); otherwise (a check-in saying "blocked", a failed deployment) it gets an audit line of its own.
    /// </summary>
    internal Blocker AddBlocker(
        string description,
        string? impact,
        CommandMeta meta,
        Milestone? delays = null,
        int? delayDays = null,
        bool ownEntry = false)
    {
        var blocker = new Blocker(
            Id: $"B{State.Blockers.Count + 1}",
            Stage: CurrentStage,
            description,
            RaisedBy: meta.Actor,
            RaisedAt: meta.At,
            impact,
            Delays: delays,
            DelayDays: delayDays);
        Change(s => s with { Blockers = s.Blockers.Add(blocker) });
        var raised = new BlockerRaised(blocker.Id, $"Blocker {blocker.Id}: {description}");
        if (ownEntry) Raise(raised);
        else Note("blocker-raised", raised);
        return blocker;
    }

    /// <summary>
    /// Who may resolve a blocker: whoever raised it, the Delivery Manager, the Production Line Architect, and for a
    /// deployment issue the Deployment Specialist (each or their delegate).
    /// </summary>
    public static IReadOnlyList<Role> BlockerResolverRoles(Blocker blocker)
        => blocker.Stage == Stage.DeploymentCoordination
            ? [Role.DeliveryManager, Role.ProductionLineArchitect, Role.DeploymentSpecialist]
            : [Role.DeliveryManager, Role.ProductionLineArchitect];

    /// <summary>The people who may resolve <paramref name="blocker"/> now.</summary>
    public IReadOnlyList<Person> BlockerResolvers(Blocker blocker, DateTimeOffset at)
    {
        var people = BlockerResolverRoles(blocker).SelectMany(r => ActorsFor(r, at)).ToList();
        if (!people.Any(p => p.IsSameAs(blocker.RaisedBy)) && !blocker.RaisedBy.IsSystem) people.Add(blocker.RaisedBy);
        return people.DistinctBy(p => p.Key).ToList();
    }
}
