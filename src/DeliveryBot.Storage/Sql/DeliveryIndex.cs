using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Policies;
using DeliveryBot.Domain.Rendering;

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

    /// <summary>
    /// The deployment window the release calendar shows for the delivery (open, not awaiting its manager), as day
    /// numbers; none otherwise. Indexed so the windows to come are found without reading every open record.
    /// </summary>
    public static (int Start, int End)? WindowOf(Delivery delivery)
        => !delivery.IsClosed && !delivery.AwaitsManager && ReleaseCalendarMarkdown.WindowOf(delivery) is { } w
            ? (w.Start.DayNumber, w.End.DayNumber)
            : null;
}
