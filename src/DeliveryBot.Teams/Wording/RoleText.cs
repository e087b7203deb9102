using DeliveryBot.Domain.People;

namespace DeliveryBot.Teams.Wording;

/// <summary>
/// A role as people type it: its title or a short name (pla, qa, dm, cto…), any case. The names live in the domain
/// (<see cref="RoleNames"/>), which matches a follow-up's owner by them too.
/// </summary>
internal static class RoleText
{
    /// <summary>The role named by the text ("QA Engineer", "qa", "production line architect"), or null.</summary>
    public static Role? Parse(string text) => RoleNames.Parse(text);

    public static string Known => "dm, intake, pla, qa, deployment, cto or client";

    /// <summary>The short name commands take for a role ("pla" for the Production Line Architect).</summary>
    public static string ShortName(Role role) => RoleNames.ShortName(role);
}
