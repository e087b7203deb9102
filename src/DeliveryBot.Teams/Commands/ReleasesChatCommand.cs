using System.Globalization;
using DeliveryBot.Application.Deliveries;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Calendar;
using DeliveryBot.Domain.Rendering;
using DeliveryBot.Teams.Turns;

namespace DeliveryBot.Teams.Commands;

/// <summary>
/// `releases [weeks]`: the release calendar of the sender's organisation, week by week from today in their time zone
/// (else UTC): every open delivery's deployment window, the change freezes, and the go/no-go. Only the organisation's
/// own deliveries and freezes are read, as `list` reads only its deliveries.
/// </summary>
internal sealed class ReleasesChatCommand(IDeliveryStore store, ChangeFreezeService freezes, TimeProvider clock)
    : IChatCommand
{
    /// <summary>Open deliveries read at most (the newest): the answer says when there were more.</summary>
    public const int Read = 500;

    public string Name => "releases";
    public string Usage => "releases [weeks]";
    public string Description
        => "The release calendar: every delivery's deployment window and the change freezes, week by week (the "
            + $"next {ReleaseCalendarMarkdown.DefaultWeeks} weeks, or 1–{ReleaseCalendarMarkdown.MostWeeks} given)";

    public async Task HandleAsync(TurnContext turn, string arguments, CancellationToken ct)
    {
        var weeks = ReleaseCalendarMarkdown.DefaultWeeks;
        if (arguments.Trim() is { Length: > 0 } given
            && (!int.TryParse(given, NumberStyles.None, CultureInfo.InvariantCulture, out weeks)
                || weeks is < 1 or > ReleaseCalendarMarkdown.MostWeeks))
        {
            await turn.ReplyAsync(
                $"{MarkdownText.Code(given)} is not a number of weeks (1–{ReleaseCalendarMarkdown.MostWeeks}). "
                + $"Type `{Usage}`, e.g. `releases 12`.",
                ct);
            return;
        }
        var zone = ReaderTime.ZoneFor(turn.Activity, "UTC");
        var today = DateOnly.FromDateTime(
            TimeZoneInfo.ConvertTime(clock.GetUtcNow(), BusinessCalendar.FindZone(zone)).DateTime);
        var open = await store.OpenRecordsAsync(turn.TenantId, Read, ct);
        var settings = await freezes.ReadAsync(turn.TenantId, ct);
        var text = ReleaseCalendarMarkdown.Render(open, settings.Freezes, today, weeks, zone);
        if (open.Count == Read)
            text += $"\n\nOnly the {Read} newest open deliveries are read; `list` shows them all.";
        await turn.ReplyAsync(text, ct);
    }
}
