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
        // loops, not LINQ: every save works this out (a click's iterators, closures and set were ~1.4 KB)
        var state = delivery.State;
        var people = new List<(string PersonKey, Role Role)>(state.Stakeholders.Count);
        foreach (var s in state.Stakeholders) AddOnce(people, (s.Person.Key, s.Role));
        if (state.Delegations.Count > 0)
        {
            var today = delivery.Calendar.LocalDate(now);
            foreach (var d in state.Delegations)
                if (d.IsActiveOn(today)) AddOnce(people, (d.To.Key, d.Role));
        }
        var owed = NextActions.ByPerson(delivery, now);
        var pending = new PendingRow[owed.Count];
        for (var i = 0; i < pending.Length; i++)
        {
            var (person, action) = (owed[i].Person, owed[i].Action);
            pending[i] = new PendingRow(
                person.Key, action.Role, action.What, action.Since.ToUnixTimeMilliseconds(), action.CheckKey);
        }
        return new DeliveryIndex(
            people, pending, ReminderPolicy.NextDueAt(delivery, now), delivery.IsClosed, WindowOf(delivery));
    }

    /// <summary>Adds a person's role once, in the order first met (a delivery names a handful of people).</summary>
    private static void AddOnce(List<(string PersonKey, Role Role)> people, (string PersonKey, Role Role) held)
    {
        foreach (var known in people)
            if (known == held) return;
        people.Add(held);
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
