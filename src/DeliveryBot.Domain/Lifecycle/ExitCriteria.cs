using DeliveryBot.Domain.People;

namespace DeliveryBot.Domain.Lifecycle;

/// <summary>
/// The release's exit criteria of the delivery-management practice (the skill seed's release plan), each with the
/// role that confirms it: QA for what testing shows, the Production Line Architect for what the build team owns, the
/// Deployment Specialist for the runbook they will follow, the DM for the client's UAT sign-off.
/// </summary>
public static class ExitCriteria
{
    public static readonly IReadOnlyList<ExitCriterion> All =
    [
        new("All P1/P2 bugs resolved", Role.QaEngineer),
        new("Performance benchmarks met", Role.QaEngineer),
        new("Security scan passed", Role.ProductionLineArchitect),
        new("Load testing complete", Role.QaEngineer),
        new("UAT sign-off received", Role.DeliveryManager),
        new("Documentation updated", Role.ProductionLineArchitect),
        new("Runbook reviewed", Role.DeploymentSpecialist),
    ];

    /// <summary>The criterion named (case and outer spaces aside); null when there is none by that name.</summary>
    public static ExitCriterion? Find(string? name)
        => All.FirstOrDefault(c => string.Equals(c.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The seed's go/no-go deciders: its Release Manager (the DM) and its Product Owner (the client contact).
    /// </summary>
    public static readonly IReadOnlyList<Role> Deciders = [Role.DeliveryManager, Role.ClientContact];
}

/// <summary>One exit criterion and the role that confirms it.</summary>
public sealed record ExitCriterion(string Name, Role Owner);
