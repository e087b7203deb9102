namespace DeliveryBot.Domain.People;

/// <summary>The stakeholder roles of the delivery lifecycle. Each is held by a person per delivery.</summary>
public enum Role
{
    DeliveryManager,
    ClientIntakeManager,
    ProductionLineArchitect,
    QaEngineer,
    DeploymentSpecialist,
    Cto,
    ClientContact,
}

public static class RoleNames
{
    public static string Title(this Role role) => role switch
    {
        Role.DeliveryManager => "Delivery Manager",
        Role.ClientIntakeManager => "Client Intake Manager",
        Role.ProductionLineArchitect => "Production Line Architect",
        Role.QaEngineer => "QA Engineer",
        Role.DeploymentSpecialist => "Deployment Specialist",
        Role.Cto => "CTO",
        Role.ClientContact => "Client contact",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    /// <summary>Roles a delivery cannot close without (the client contact may be several people).</summary>
    public static readonly IReadOnlyList<Role> All = Enum.GetValues<Role>();
}
