using DeliveryBot.Domain.People;

namespace DeliveryBot.Teams.Wording;

/// <summary>A role as people type it: its title or a short name (pla, qa, dm, cto…), any case.</summary>
internal static class RoleText
{
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

    public static string Known => "dm, intake, pla, qa, deployment, cto or client";

    /// <summary>The short name commands take for a role ("pla" for the Production Line Architect).</summary>
    public static string ShortName(Role role) => Names.First(n => n.Value == role).Key;
}
