using DeliveryBot.Domain.Calendar;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Domain.Deliveries;

/// <summary>
/// A change freeze a deployment window meets, and the approved change of this delivery marked as a change-freeze
/// exception that covers the window's frozen days (null: none does, so the window is not allowed).
/// </summary>
public sealed record FreezeOverlap(ChangeFreeze Freeze, ChangeRequest? Exception);

/// <summary>
/// Change freezes (the organisation's, passed in: the domain reads no store) against this delivery's deployment
/// window. One place for the rule the window's confirmation enforces and the release calendar shows.
/// </summary>
public sealed partial class Delivery
{
    /// <summary>The active freezes the days <paramref name="start"/> to <paramref name="end"/> meet.</summary>
    public IReadOnlyList<FreezeOverlap> FreezesOver(DateOnly start, DateOnly end, IEnumerable<ChangeFreeze> freezes)
        => [.. freezes.Where(f => f.IsActive && f.Overlaps(start, end))
            .OrderBy(f => f.Start)
            .Select(f => new FreezeOverlap(f, FreezeException(f, start, end)))];

    /// <summary>
    /// An approved change marked as a freeze exception whose scheduled days (its date to the day its duration ends,
    /// in the delivery's time zone) include every day of the window inside <paramref name="freeze"/>. A Standard
    /// change does not count: it is pre-approved, so nobody would have approved running it in the freeze.
    /// </summary>
    private ChangeRequest? FreezeException(ChangeFreeze freeze, DateOnly start, DateOnly end)
    {
        var from = start > freeze.Start ? start : freeze.Start;
        var to = end < freeze.End ? end : freeze.End;
        return State.ChangeRequests.Find(c => c is { State: ChangeState.Approved, Schedule.FreezeException: true }
            && c.Type != ChangeType.Standard && c.Schedule.Date <= from && LastDay(c.Schedule) >= to);
    }

    private static DateOnly LastDay(ChangeSchedule schedule)
        => DateOnly.FromDateTime(schedule.Date.ToDateTime(schedule.Start).Add(schedule.Duration));

    /// <summary>
    /// Why the window cannot be confirmed in a freeze, with what would be allowed; null when no freeze holds it.
    /// </summary>
    internal string? FreezeHolds(DateOnly start, DateOnly end, IReadOnlyCollection<ChangeFreeze> freezes)
    {
        var held = FreezesOver(start, end, freezes).Where(o => o.Exception is null).Select(o => o.Freeze).ToList();
        if (held.Count == 0) return null;
        var before = held.Min(f => f.Start).AddDays(-1);
        var after = held.Max(f => f.End).AddDays(1);
        // the first day after the freezes met that no other active freeze holds
        for (var guard = 0; guard < 100 && freezes.FirstOrDefault(f => f.IsActive && f.Overlaps(after, after))
            is { } next; guard++)
            after = next.End.AddDays(1);
        var pending = State.ChangeRequests
            .Where(c => c is { IsPending: true, Schedule.FreezeException: true })
            .Select(ChangeNumber).ToList();
        return $"The deployment window {start:yyyy-MM-dd} to {end:yyyy-MM-dd} falls in the change freeze"
            + (held.Count == 1 ? " " : "s ") + string.Join(" and ", held) + ". "
            + $"Allowed: a window ending by {before:yyyy-MM-dd} or starting on {after:yyyy-MM-dd} or later; or this "
            + $"window once a change of {Id} marked as a change-freeze exception, scheduled over "
            + $"{start:yyyy-MM-dd} to {end:yyyy-MM-dd}, is approved (change {Id} posts the form)."
            + (pending.Count > 0
                ? $" {string.Join(", ", pending)} {(pending.Count == 1 ? "is" : "are")} still awaiting approval."
                : "");
    }
}
