using DeliveryBot.Domain.Deliveries;

namespace DeliveryBot.Teams.Tests.Support;

/// <summary>
/// The organisation the test activities come from (<see cref="Activities.Tenant"/>): a delivery seeded for them is made
/// its own, and found under its key, as the bot would have opened it there.
/// </summary>
public static class Contoso
{
    public static string Tenant => DeliveryKey.Tenant(Activities.Tenant);

    public static string Key(string deliveryId) => DeliveryKey.Of(Activities.Tenant, deliveryId);

    public static Delivery Own(Delivery delivery) => Delivery.Restore(delivery.State with { TenantId = Tenant });

    public static Delivery[] Own(IEnumerable<Delivery> deliveries) => [.. deliveries.Select(Own)];
}
