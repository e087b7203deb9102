using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Policies;

namespace DeliveryBot.Storage.Sql;

/// <summary>
/// The indexed columns and rows a save writes beside the document, all derived from the domain: who holds
/// which role (holders and active delegates), who owes what, and when something is next due.
/// </summary>
internal sealed record DeliveryIndex(
    IReadOnlyList<(string PersonKey, Role Role)> People,
    IReadOnlyList<PersonAction> Pending,
    DateTimeOffset? NextDueAt)
{
    public static DeliveryIndex Of(Delivery delivery, DateTimeOffset now)
    {
        var people = delivery.State.Stakeholders.Select(s => (s.Person.Key, s.Role))
            .Concat(delivery.State.Delegations
                .Where(d => d.IsActiveOn(delivery.Calendar.LocalDate(now)))
                .Select(d => (d.To.Key, d.Role)))
            .Distinct().ToList();
        return new DeliveryIndex(people, NextActions.ByPerson(delivery, now), ReminderPolicy.NextDueAt(delivery, now));
    }
}
