using System.Globalization;
using System.Text;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using DeliveryBot.Domain.Rendering;
using DeliveryBot.Teams.Turns;
using DeliveryBot.Teams.Wording;

namespace DeliveryBot.Teams.Commands;

/// <summary>
/// `history &lt;id&gt; [page]`: the delivery's audit trail, a page at a time: when (in the reader's time zone), who,
/// on whose behalf when they stood in for someone, and what, skip rationales included. Newest first: a DM asks "what
/// happened?" about the last days far more often than about the intake, which stays a page or two away. Only the
/// people with a role on the delivery read it.
/// </summary>
internal sealed class HistoryChatCommand(IDeliveryStore store, TimeProvider clock) : IChatCommand
{
    /// <summary>Entries a page: a screenful, and far under what Teams takes in one message.</summary>
    public const int PageSize = 20;

    /// <summary>
    /// Characters of one entry shown: 20 of them stay well under Teams' 100 KB even when each quotes a long report.
    /// </summary>
    private const int SummaryShown = 1000;

    public string Name => "history";
    public string Usage => "history <id> [page]";
    public string Description
        => "The delivery's audit trail, newest first: who did what when, for whom (people with a role on it)";

    public async Task HandleAsync(TurnContext turn, string arguments, CancellationToken ct)
    {
        if (await DeliveryArgument.LoadAsync(turn, store, arguments, Usage, ct) is not { } delivery) return;
        if (turn.Sender is not { } sender)
        {
            await turn.ReplyAsync("I can't tell who you are in this conversation, so I can't show the history.", ct);
            return;
        }
        var now = clock.GetUtcNow();
        if (!delivery.HasRoleOn(sender, now))
        {
            await turn.ReplyAsync(
                $"Only the people with a role on {delivery.Id} can read its history; `status {delivery.Id}` shows who "
                    + "they are.",
                ct);
            return;
        }
        var asked = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).FirstOrDefault();
        var page = asked is null ? 1
            : int.TryParse(asked, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        // one command's entries keep their order (what it did, then what followed from it); commands newest first
        var entries = (await store.AuditAsync(delivery.Key, ct))
            .Select((entry, index) => (entry, index))
            .OrderByDescending(e => e.entry.Version)
            .ThenBy(e => e.index)
            .Select(e => e.entry)
            .ToList();
        var pages = Math.Max(1, (entries.Count + PageSize - 1) / PageSize);
        if (page < 1 || page > pages)
        {
            await turn.ReplyAsync(
                $"{MarkdownText.Code(asked)} is not a page of {delivery.Id}'s history: it has {Pages(pages)}, "
                    + $"e.g. `history {delivery.Id} {pages}` for the oldest.",
                ct);
            return;
        }
        var zone = ReaderTime.ZoneFor(turn.Activity, delivery);
        var tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
        var text = new StringBuilder()
            .Append("**History of ").Append(delivery.Id).Append("** · ")
            .Append(MarkdownText.Escape(delivery.State.Client))
            .Append(": ").Append(Counted.Of(entries.Count, "entry", "entries"))
            .Append(", newest first; page ").Append(page).Append(" of ").Append(pages)
            .Append(" (times in ").Append(zone).Append("):\n\n");
        var cut = false;
        foreach (var entry in entries.Skip((page - 1) * PageSize).Take(PageSize))
        {
            cut |= entry.Summary.Length > SummaryShown;
            text.Append("- ")
                .Append(TimeZoneInfo.ConvertTime(entry.At, tz)
                    .ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))
                .Append(" · ").Append(Who(delivery, entry))
                .Append(": ").Append(MarkdownText.Escape(Bounded.Cut(entry.Summary, SummaryShown))).Append('\n');
        }
        if (cut) text.Append("\nEntries longer than ").Append(SummaryShown).Append(" characters are cut short (…).\n");
        if (page < pages)
            text.Append("\nOlder entries: `history ").Append(delivery.Id).Append(' ').Append(page + 1).Append("`.");
        if (page > 1)
            text.Append(page < pages ? " " : "\n")
                .Append("Newer entries: `history ").Append(delivery.Id).Append(' ').Append(page - 1).Append("`.");
        await turn.ReplyAsync(text.ToString().TrimEnd('\n'), ct);
    }

    /// <summary>Who did it, and for whom when they were standing in for someone then.</summary>
    private static string Who(Delivery delivery, AuditEntry entry)
    {
        if (entry.Actor.IsSystem) return "DeliveryBot (on schedule)";
        var who = $"**{MarkdownText.Escape(entry.Actor.DisplayName)}**";
        var forWhom = delivery.StandingInAt(entry.Actor, entry.At)
            .Select(d => $"{MarkdownText.Escape(d.From.DisplayName)} ({d.Role.Title()})")
            .Distinct()
            .ToList();
        return forWhom.Count == 0 ? who : $"{who} standing in for {string.Join(" and ", forWhom)}";
    }

    private static string Pages(int pages) => pages == 1 ? "one page" : $"pages 1 to {pages}";
}
