using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Policies;
using DeliveryBot.Domain.Rendering;

namespace DeliveryBot.Storage.Sql;

/// <summary>
/// The indexed columns and rows a save writes beside the document, all derived from the domain: who holds
/// which role (holders and active delegates), who owes what, when something is next due, whether the delivery is
/// closed and its deployment window. The rows are held as their columns, so two indexes' rows compare equal exactly
/// when they would be the same rows.
/// </summary>
internal sealed record DeliveryIndex(
    IReadOnlyList<(string PersonKey, Role Role)> People,
    IReadOnlyList<PendingRow> Pending,
    DateTimeOffset? NextDueAt,
    bool Closed,
    (int Start, int End)? Window)
{
    public static readonly DeliveryIndex Empty = new([], [], NextDueAt: null, Closed: false, Window: null);

    public static DeliveryIndex Of(Delivery delivery, DateTimeOffset now)
    {
        var people = delivery.State.Stakeholders.Select(s => (s.Person.Key, s.Role))
            .Concat(delivery.State.Delegations
                .Where(d => d.IsActiveOn(delivery.Calendar.LocalDate(now)))
                .Select(d => (d.To.Key, d.Role)))
            .Distinct().ToList();
        var pending = NextActions.ByPerson(delivery, now).Select(p => new PendingRow(
            p.Person.Key, p.Action.Role, p.Action.What, p.Action.Since.ToUnixTimeMilliseconds(), p.Action.CheckKey));
        return new DeliveryIndex(
            people, [.. pending], ReminderPolicy.NextDueAt(delivery, now), delivery.IsClosed, WindowOf(delivery));
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

/// <summary>A row of <c>pending_actions</c>: someone owes something on the delivery since then (Unix ms).</summary>
internal readonly record struct PendingRow(string PersonKey, Role Role, string What, long Since, string? CheckKey);
