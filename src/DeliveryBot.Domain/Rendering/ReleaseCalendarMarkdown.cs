using System.Globalization;
using System.Text;
using DeliveryBot.Domain.Calendar;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;
using static DeliveryBot.Domain.Rendering.MarkdownText;

namespace DeliveryBot.Domain.Rendering;

/// <summary>
/// The seed's release calendar for one organisation: week by week, each delivery's deployment window (confirmed, or
/// planned from its schedule), the change freezes, whether a window falls in one (with its exception or without),
/// and the go/no-go state. Bounded so the answer stays well under what Teams takes in one message.
/// </summary>
public static class ReleaseCalendarMarkdown
{
    public const int DefaultWeeks = 8;
    public const int MostWeeks = 26;

    /// <summary>Windows listed at most; the answer says how many more there are.</summary>
    public const int MostWindows = 60;

    /// <summary>
    /// The calendar from <paramref name="today"/> (the reader's date) for <paramref name="weeks"/> weeks, in weeks
    /// starting on Monday; <paramref name="deliveries"/> are the organisation's open ones, <paramref name="freezes"/>
    /// its change freezes, <paramref name="zone"/> names the reader's time zone.
    /// </summary>
    public static string Render(
        IEnumerable<Delivery> deliveries, IReadOnlyCollection<ChangeFreeze> freezes, DateOnly today, int weeks,
        string zone)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(weeks, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(weeks, MostWeeks);
        var last = today.AddDays((7 * weeks) - 1);
        var active = freezes.Where(f => f.IsActive && f.Overlaps(today, last)).OrderBy(f => f.Start).ToList();
        var windows = deliveries
            .Where(d => !d.IsClosed && !d.AwaitsManager)
            .Select(d => (Delivery: d, Window: WindowOf(d)))
            .Where(w => w.Window is { } x && x.Start <= last && x.End >= today)
            .OrderBy(w => w.Window!.Value.Start).ThenBy(w => w.Delivery.Id.Length).ThenBy(w => w.Delivery.Id,
                StringComparer.Ordinal)
            .ToList();

        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture,
            $"**Release calendar**: {weeks} weeks, {Day(today)} {today.Year} to {Day(last)} {last.Year} ")
            .Append(CultureInfo.InvariantCulture, $"(today in {Escape(zone)}; ")
            .Append("each window in its delivery's dates)\n\n");
        md.Append("**Change freezes:** ").Append(active.Count == 0 ? "none in these weeks." : "").Append('\n');
        foreach (var f in active)
            md.Append("- ❄ **").Append(f.Name).Append("** ").Append(Day(f.Start)).Append(" – ").Append(Day(f.End))
                .Append(": ").Append(Escape(Cut(f.Reason, 100))).Append(" (set by ")
                .Append(Escape(Cut(f.SetBy.DisplayName, 60))).Append(")\n");

        var shown = 0;
        for (var monday = Monday(today); monday <= last; monday = monday.AddDays(7))
        {
            var sunday = monday.AddDays(6);
            md.Append("\n**Week of ").Append(Day(monday)).Append("**");
            var frozen = active.Where(f => f.Overlaps(monday, sunday)).Select(f => f.Name).ToList();
            if (frozen.Count > 0) md.Append(" · ❄ ").Append(string.Join(", ", frozen)).Append(" freeze");
            md.Append('\n');
            var inWeek = windows.Where(w => Clamp(w.Window!.Value.Start, today) >= monday
                && Clamp(w.Window!.Value.Start, today) <= sunday).ToList();
            if (inWeek.Count == 0) md.Append("- no deployment windows\n");
            foreach (var (delivery, window) in inWeek)
                if (shown++ < MostWindows) Line(md, delivery, window!.Value, freezes);
        }
        if (shown > MostWindows)
            md.Append("\n…and ").Append(shown - MostWindows)
                .Append(" more windows; `releases 2` shows fewer weeks.\n");
        md.Append("\n◆ confirmed window · ○ planned (the schedule's deployment dates, not confirmed yet) · "
            + "❄ change freeze · ⚠ in a freeze without an approved exception");
        return md.ToString();
    }

    /// <summary>The confirmed window, else the planned one (deployment start to complete), else none.</summary>
    public static (DateOnly Start, DateOnly End, bool Confirmed)? WindowOf(Delivery delivery)
    {
        if (delivery.State.DeploymentWindow is { } w) return (w.Start, w.End, true);
        var start = delivery.State.Milestones[(int)Milestone.DeploymentStart].Target;
        var end = delivery.State.Milestones[(int)Milestone.DeploymentComplete].Target ?? start;
        return start is { } s && end is { } e && e >= s ? (s, e, false) : null;
    }

    private static void Line(
        StringBuilder md, Delivery delivery, (DateOnly Start, DateOnly End, bool Confirmed) window,
        IReadOnlyCollection<ChangeFreeze> freezes)
    {
        var s = delivery.State;
        md.Append("- ").Append(window.Confirmed ? "◆" : "○").Append(" **").Append(delivery.Id).Append("** ")
            .Append(Escape(Cut(s.Client, 80))).Append(" — ").Append(Escape(Cut(s.DigitalTalent, 80))).Append(": ")
            .Append(Day(window.Start)).Append(" – ").Append(Day(window.End))
            .Append(window.Confirmed
                ? $" (confirmed by {Escape(Cut(s.DeploymentWindow!.ConfirmedBy.DisplayName, 60))})"
                : " (planned)");
        foreach (var o in delivery.FreezesOver(window.Start, window.End, freezes))
            md.Append(o.Exception is { } change
                ? $" · ❄ in freeze {o.Freeze.Name}, exception {delivery.ChangeNumber(change)}"
                : $" · ⚠ in freeze {o.Freeze.Name}, no approved exception");
        md.Append(" · ").Append(GoNoGo(delivery, window.Confirmed)).Append('\n');
    }

    private static string GoNoGo(Delivery delivery, bool confirmed)
    {
        if (delivery.State.Milestones[(int)Milestone.DeploymentComplete].Actual is { } done)
            return $"deployed {Day(done)}";
        if (delivery.ReleaseApproved) return "go/no-go: **go**";
        if (!confirmed || delivery.GoNoGoDate is not { } due) return "go/no-go once the window is confirmed";
        var owed = ExitCriteria.Deciders.Where(r => delivery.GoNoGoOf(r)?.Go != true).Select(r => r.Title());
        return $"go/no-go due {Day(due)}, awaiting {string.Join(" and ", owed)}"
            + (delivery.GoNoGoRound > 1 ? $" (round {delivery.GoNoGoRound}, after a no-go)" : "");
    }

    private static DateOnly Monday(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    private static DateOnly Clamp(DateOnly day, DateOnly earliest) => day < earliest ? earliest : day;

    private static string Day(DateOnly day) => day.ToString("ddd d MMM", CultureInfo.InvariantCulture);

    private static string Cut(string text, int max)
        => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
