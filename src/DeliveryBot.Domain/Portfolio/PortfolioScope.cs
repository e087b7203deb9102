using DeliveryBot.Domain.People;

namespace DeliveryBot.Domain.Portfolio;

/// <summary>
/// Whose deliveries a person sees across the organisation (the tab's portfolio and its metrics). One rule, so the tab
/// and anything else that shows a portfolio agree: the CTO of any of its open deliveries oversees them all (the seed's
/// CTO is the organisation's); everyone else sees the deliveries they hold a role on, and the organisation's metrics
/// only while they hold one.
/// </summary>
public static class PortfolioScope
{
    public static bool SeesEveryDelivery(IEnumerable<Role> rolesHeld) => rolesHeld.Contains(Role.Cto);

    public static bool SeesOrganisationMetrics(IEnumerable<Role> rolesHeld) => rolesHeld.Any();
}
