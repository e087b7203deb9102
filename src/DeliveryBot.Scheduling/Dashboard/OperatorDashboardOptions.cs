using System.ComponentModel.DataAnnotations;

namespace DeliveryBot.Scheduling.Dashboard;

/// <summary>
/// "Dashboard" section: Hangfire's dashboard at /hangfire for operators. Off by default. When on, it answers only a
/// signed-in member of the admin group (Entra ID) or a caller presenting the bearer key; never "a local request",
/// which behind a reverse proxy is every request.
/// </summary>
public sealed class OperatorDashboardOptions : IValidatableObject
{
    public const string Section = "Dashboard";
    public const string Path = "/hangfire";

    public bool Enabled { get; set; }

    /// <summary>True (the default): operators look, and cannot trigger, requeue or delete jobs.</summary>
    public bool ReadOnly { get; set; } = true;

    /// <summary>
    /// A secret an operator's tool (or a proxy that signed the operator in) sends as <c>Authorization: Bearer</c>.
    /// At least 32 characters; empty: no key is accepted.
    /// </summary>
    public string BearerKey { get; set; } = "";

    /// <summary>Entra ID sign-in; all three set, or none.</summary>
    public string TenantId { get; set; } = "";
    public string ClientId { get; set; } = "";

    /// <summary>The object id of the Entra group whose members may open the dashboard (the groups claim).</summary>
    public string AdminGroupId { get; set; } = "";

    /// <summary>With a secret, the authorization-code flow; without, the ID token posted back (implicit).</summary>
    public string ClientSecret { get; set; } = "";

    public bool UsesEntra => TenantId.Length > 0 || ClientId.Length > 0 || AdminGroupId.Length > 0;
    public bool UsesKey => BearerKey.Length > 0;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // Half a sign-in is refused even while the dashboard is off: it would be found out only when turned on.
        if (Enabled && !UsesEntra && !UsesKey)
            yield return new(
                "Dashboard:Enabled needs a way to sign operators in: Dashboard:TenantId, ClientId and AdminGroupId "
                    + "(Entra ID), or Dashboard:BearerKey.");
        if (UsesKey && BearerKey.Length < 32)
            yield return new("Dashboard:BearerKey must be at least 32 characters.", [nameof(BearerKey)]);
        if (UsesEntra && (TenantId.Length == 0 || ClientId.Length == 0 || AdminGroupId.Length == 0))
            yield return new("Dashboard:TenantId, ClientId and AdminGroupId go together: set all three.");
    }
}
