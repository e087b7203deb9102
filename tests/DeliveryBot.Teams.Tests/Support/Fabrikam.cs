using DeliveryBot.Domain.Deliveries;
using DeliveryBot.TestKit;

namespace DeliveryBot.Teams.Tests.Support;

/// <summary>
/// Another organisation, a stranger to <see cref="Contoso"/>: its D1 is planned like Contoso's, with the same people
/// (by the same Entra ids) and its own client, so a test can show that nothing of it reaches Contoso.
/// </summary>
public static class Fabrikam
{
    public const string Tenant = "tenant-fabrikam";

    /// <summary>Fabrikam's D1, planned, with its own client and command ids.</summary>
    public static Delivery PlannedD1()
    {
        var s = Scenario.Opened().Planned();
        return Delivery.Restore(s.Delivery.State with
        {
            TenantId = Tenant,
            Client = "Fabrikam Inc",
            Audit = [.. s.Delivery.State.Audit.Select(e => e with { CommandId = $"fabrikam-{e.CommandId}" })],
        });
    }
}
