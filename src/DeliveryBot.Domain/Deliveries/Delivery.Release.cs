using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Domain.Deliveries;

/// <summary>
/// Release readiness before deployment starts: the exit criteria, and the go/no-go decision of the DM and the client
/// contact. Deployment starts only after a go from both, given with every criterion met.
/// </summary>
public sealed partial class Delivery
{
    /// <summary>The criterion's last mark; null when nobody has confirmed it yet.</summary>
    public ExitCriterionMark? LastMark(ExitCriterion criterion)
        => State.ExitCriteriaMarks.FindLast(m => m.Criterion == criterion.Name);

    public bool IsMet(ExitCriterion criterion) => LastMark(criterion)?.Met == true;

    /// <summary>The criteria not confirmed met, in the seed's order.</summary>
    public IReadOnlyList<ExitCriterion> OpenExitCriteria => [.. ExitCriteria.All.Where(c => !IsMet(c))];

    /// <summary>The go/no-go round under way: 1, then one more after each no-go.</summary>
    public int GoNoGoRound => 1 + State.GoNoGoDecisions.Count(d => !d.Go);

    /// <summary>The decision <paramref name="decider"/> gave in the round under way; null when none yet.</summary>
    public GoNoGoDecision? GoNoGoOf(Role decider)
        => State.GoNoGoDecisions.Find(d => d.Round == GoNoGoRound && d.As == decider);

    /// <summary>Both deciders said go in the round under way: the deployment may start.</summary>
    public bool ReleaseApproved => ExitCriteria.Deciders.All(r => GoNoGoOf(r)?.Go == true);

    /// <summary>
    /// The day the go/no-go is due: the business day before the deployment window opens (the seed's communication
    /// plan gives everyone the decision at T-1); null until the window is confirmed.
    /// </summary>
    public DateOnly? GoNoGoDate
    {
        get
        {
            if (State.DeploymentWindow is not { } window) return null;
            var day = window.Start.AddDays(-1);
            for (var guard = 0; guard < 366 && !Calendar.IsWorkingDay(day); guard++) day = day.AddDays(-1);
            return day;
        }
    }

    /// <summary>Why the deployment cannot start for want of a go; null when it can.</summary>
    internal string? ReleaseHoldsDeployment()
    {
        if (ReleaseApproved) return null;
        var owed = ExitCriteria.Deciders.Where(r => GoNoGoOf(r)?.Go != true).Select(r => r.Title());
        return "Deployment cannot start without a go from the Delivery Manager and the Client contact: still owed by "
            + $"{string.Join(" and ", owed)}."
            + (OpenExitCriteria.Count > 0 ? $" {ExitCriteriaOpen()}" : "");
    }

    /// <summary>What is still open, with whose each is, as the refusal of a go says it.</summary>
    internal string ExitCriteriaOpen()
        => $"{OpenExitCriteria.Count} of {ExitCriteria.All.Count} exit criteria are not met: "
            + string.Join(", ", OpenExitCriteria.Select(c => $"{c.Name} ({c.Owner.Title()})")) + ".";
}
