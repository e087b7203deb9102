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
    /// <summary>
    /// A role as people type it: its title or a short name (pla, qa, dm, cto…), any case. Here, not in the chat,
    /// because the domain matches a follow-up's owner text to a stakeholder by these names too.
    /// </summary>
    private static readonly Dictionary<string, Role> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["dm"] = Role.DeliveryManager, ["delivery-manager"] = Role.DeliveryManager,
        ["intake"] = Role.ClientIntakeManager, ["cim"] = Role.ClientIntakeManager,
        ["client-intake-manager"] = Role.ClientIntakeManager,
        ["pla"] = Role.ProductionLineArchitect, ["production"] = Role.ProductionLineArchitect,
        ["production-line-architect"] = Role.ProductionLineArchitect,
        ["qa"] = Role.QaEngineer, ["qa-engineer"] = Role.QaEngineer,
        ["deployment"] = Role.DeploymentSpecialist, ["ds"] = Role.DeploymentSpecialist,
        ["deployment-specialist"] = Role.DeploymentSpecialist,
        ["cto"] = Role.Cto,
        ["client"] = Role.ClientContact, ["client-contact"] = Role.ClientContact,
    };

    /// <summary>The role named by the text ("QA Engineer", "qa", "production line architect"), or null.</summary>
    public static Role? Parse(string text)
        => Names.TryGetValue(string.Join('-', text.Split(' ', StringSplitOptions.RemoveEmptyEntries)), out var role)
            ? role
            : null;

    /// <summary>The short name commands take for a role ("pla" for the Production Line Architect).</summary>
    public static string ShortName(Role role) => Names.First(n => n.Value == role).Key;

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
