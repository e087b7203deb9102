using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.People;
using DeliveryBot.Storage.Sql;
using DeliveryBot.TestKit;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Storage.Tests.Sqlite;

/// <summary>
/// The people a save indexes for a delivery: every holder of a role and every delegate in force, each person and role
/// once (the rows' key), holders first in the record's order.
/// </summary>
public sealed class DeliveryIndexTests
{
    [Fact]
    public void A_delegate_of_two_holders_of_one_role_is_indexed_once_for_it()
    {
        var s = Scenario.Opened();
        s.Ok(Dana, new AssignRole(Role.ClientContact, Mallory));
        s.Ok(Cora, new DelegateRole(Role.ClientContact, Sam, new DateOnly(2026, 3, 6)));
        s.Ok(Mallory, new DelegateRole(Role.ClientContact, Sam, new DateOnly(2026, 3, 6)));

        var people = DeliveryIndex.Of(s.Delivery, s.Clock.GetUtcNow()).People;

        var holders = s.Delivery.State.Stakeholders.Select(h => (h.Person.Key, h.Role)).ToList();
        Assert.Equal([.. holders, (Sam.Key, Role.ClientContact)], people);
        Assert.Equal(people.Count, people.Distinct().Count());
    }
}
