namespace DeliveryBot.Domain.Milestones;

/// <summary>The nine milestones of the delivery record template, in the template's order.</summary>
public enum Milestone
{
    IntakeHandoff,
    ProductionStart,
    ProductionComplete,
    QaSubmitted,
    QaCertified,
    DeploymentStart,
    DeploymentComplete,
    ClientHandover,
    PostDeliveryReview,
}

public static class MilestoneNames
{
    public static string Title(this Milestone m) => m switch
    {
        Milestone.IntakeHandoff => "Intake handoff",
        Milestone.ProductionStart => "Production start",
        Milestone.ProductionComplete => "Production complete",
        Milestone.QaSubmitted => "QA submitted",
        Milestone.QaCertified => "QA certified",
        Milestone.DeploymentStart => "Deployment start",
        Milestone.DeploymentComplete => "Deployment complete",
        Milestone.ClientHandover => "Client handover",
        Milestone.PostDeliveryReview => "Post-delivery review",
        _ => throw new ArgumentOutOfRangeException(nameof(m)),
    };

    public static readonly IReadOnlyList<Milestone> All = Enum.GetValues<Milestone>();
}
