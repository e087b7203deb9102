using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;

namespace DeliveryBot.TestKit;

/// <summary>A delivery as stored, with someone else holding a role: a test's variation on the sample cast.</summary>
public static class Holders
{
    /// <summary>The same record with <paramref name="person"/> as the holder of <paramref name="role"/>.</summary>
    public static Delivery WithHolder(this Delivery delivery, Role role, Person person)
        => Delivery.Restore(delivery.State with
        {
            Stakeholders =
                [.. delivery.State.Stakeholders.Select(r => r.Role == role ? r with { Person = person } : r)],
        });
}
