namespace DeliveryBot.Domain.Lifecycle;

/// <summary>
/// The deployment checklist and rollback triggers of the delivery-management practice (the skill seed).
/// </summary>
public static class DeploymentChecklist
{
    public static readonly IReadOnlyList<string> PreDeployment =
    [
        "All tests passing", "Security scan complete", "Change request approved", "Runbook reviewed",
        "Rollback plan documented", "Communication sent", "On-call team notified", "Maintenance window confirmed",
    ];

    public static readonly IReadOnlyList<string> Deployment =
    [
        "Database backup complete", "Configuration verified", "Health checks configured", "Deployment initiated",
        "Progress monitored", "Health checks passing", "Smoke tests passing",
    ];

    public static readonly IReadOnlyList<string> PostDeployment =
    [
        "All services healthy", "Metrics within thresholds", "No increase in errors", "User acceptance verified",
        "Documentation updated", "Stakeholders notified", "Change request closed",
    ];

    public static readonly IReadOnlyList<string> RollbackTriggers =
        ["Error rate > 1%", "Latency P99 > 2s", "Health check failures", "Critical bug discovered"];

    /// <summary>The three phases in the seed's order: how the card and the record group them.</summary>
    public static readonly IReadOnlyList<ChecklistPhase> Phases =
    [
        new("Pre-deployment", PreDeployment), new("Deployment", Deployment), new("Post-deployment", PostDeployment),
    ];

    public static IEnumerable<string> AllItems => PreDeployment.Concat(Deployment).Concat(PostDeployment);

    public static int Count => PreDeployment.Count + Deployment.Count + PostDeployment.Count;

    public static string? Find(string? item)
        => AllItems.FirstOrDefault(i => string.Equals(i, item?.Trim(), StringComparison.OrdinalIgnoreCase));
}

/// <summary>A phase of the deployment checklist (pre-deployment, deployment, post-deployment) and its items.</summary>
public sealed record ChecklistPhase(string Title, IReadOnlyList<string> Items);
