using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DeliveryBot.Application.Deliveries;
using DeliveryBot.Domain.Calendar;
using DeliveryBot.Domain.Rendering;
using DeliveryBot.Teams.Turns;

namespace DeliveryBot.Teams.Commands;

/// <summary>
/// `freeze`: the organisation's change-freeze periods. `freeze &lt;start&gt; &lt;end&gt; &lt;reason&gt;` sets one
/// (both days included), `freeze list` shows them, `freeze end F1` lifts one. Who may set or end one is the domain's
/// rule (<see cref="TenantSettings.FreezeSetters"/>); the activity id makes a Teams retry answer as the first time.
/// </summary>
internal sealed partial class FreezeChatCommand(ChangeFreezeService freezes) : IChatCommand
{
    /// <summary>Freezes listed at most, newest first.</summary>
    public const int Shown = 30;

    public string Name => "freeze";
    public string Usage => "freeze <start> <end> <reason> | freeze list | freeze end <n>";
    public string Description
        => "Your organisation's change freezes: set one (yyyy-mm-dd, both days included; a DM or the CTO), list "
            + "them, end one";

    public async Task HandleAsync(TurnContext turn, string arguments, CancellationToken ct)
    {
        var parts = arguments.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0
            || (parts.Length == 1 && string.Equals(parts[0], "list", StringComparison.OrdinalIgnoreCase)))
        {
            await turn.ReplyAsync(List(await freezes.ReadAsync(turn.TenantId, ct)), ct);
            return;
        }
        if (turn.Sender is not { } sender)
        {
            await turn.ReplyAsync("I can't tell who you are in this conversation, so I can't change anything.", ct);
            return;
        }
        if (string.Equals(parts[0], "end", StringComparison.OrdinalIgnoreCase))
        {
            if (parts.Length != 2 || FreezeNumber().Match(parts[1]) is not { Success: true } number)
            {
                await turn.ReplyAsync("Which freeze? Type `freeze end <n>`, e.g. `freeze end F1`; `freeze list` "
                    + "shows them.", ct);
                return;
            }
            var ended = await freezes.EndAsync(turn.ChangeFrom(sender, $"message:{Name}"),
                int.Parse(number.Groups[1].Value, CultureInfo.InvariantCulture), ct);
            await turn.ReplyAsync(OutcomeText.Of(ended), ct);
            return;
        }
        if (parts.Length < 3)
        {
            await turn.ReplyAsync($"Give the freeze's first and last day and why. Type `{Usage}`, e.g. "
                + "`freeze 2026-12-21 2027-01-04 year-end`.", ct);
            return;
        }
        if (Date(parts[0]) is not { } start || Date(parts[1]) is not { } end)
        {
            var bad = Date(parts[0]) is null ? parts[0] : parts[1];
            await turn.ReplyAsync($"{MarkdownText.Code(bad)} is not a date: give it as yyyy-mm-dd, e.g. "
                + "`freeze 2026-12-21 2027-01-04 year-end`.", ct);
            return;
        }
        var zone = ReaderTime.ZoneFor(turn.Activity, "UTC");
        var outcome = await freezes.FreezeAsync(
            turn.ChangeFrom(sender, $"message:{Name}"), start, end, reason: parts[2], zone, ct);
        await turn.ReplyAsync(OutcomeText.Of(outcome), ct);
    }

    private static DateOnly? Date(string text)
        => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : null;

    private static string List(TenantSettings settings)
    {
        if (settings.Freezes.IsEmpty)
            return "Your organisation has no change freezes. `freeze 2026-12-21 2027-01-04 year-end` sets one.";
        var text = new StringBuilder($"**Change freezes** ({settings.ActiveFreezes.Count} in force):\n\n");
        foreach (var f in settings.Freezes.OrderByDescending(f => f.IsActive).ThenByDescending(f => f.Number)
            .Take(Shown))
        {
            text.Append("- ").Append(f.IsActive ? "❄ " : "").Append("**").Append(f.Name).Append("** ")
                .Append(Day(f.Start)).Append(" – ").Append(Day(f.End)).Append(": ")
                .Append(MarkdownText.Escape(Wording.Bounded.Cut(f.Reason, 100)))
                .Append(" (set by ").Append(MarkdownText.Escape(f.SetBy.DisplayName))
                .Append(CultureInfo.InvariantCulture, $" {f.SetAt.UtcDateTime:yyyy-MM-dd}");
            if (f is { EndedBy: { } by, EndedAt: { } at })
                text.Append("; ended by ").Append(MarkdownText.Escape(by.DisplayName))
                    .Append(CultureInfo.InvariantCulture, $" {at.UtcDateTime:yyyy-MM-dd}");
            text.Append(")\n");
        }
        if (settings.Freezes.Count > Shown) text.Append("…and ").Append(settings.Freezes.Count - Shown)
            .Append(" older ended ones.");
        return text.ToString();
    }

    private static string Day(DateOnly day) => day.ToString("ddd d MMM yyyy", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^[Ff]?(\d{1,4})\z", RegexOptions.None, 100)]
    private static partial Regex FreezeNumber();
}
