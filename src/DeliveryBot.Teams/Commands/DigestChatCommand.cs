using DeliveryBot.Application.Deliveries;
using DeliveryBot.Teams.Turns;

namespace DeliveryBot.Teams.Commands;

/// <summary>
/// `digest on` / `digest off`: a Delivery Manager asks for the weekly digest of the deliveries they run, or stops it,
/// in their own organisation (the CTOs get it without asking). Who may is the domain's rule (<see
/// cref="Domain.Calendar.TenantSettings.Digest"/>); `digest` alone says whether they get it.
/// </summary>
internal sealed class DigestChatCommand(ChangeFreezeService settings) : IChatCommand
{
    public string Name => "digest";
    public string Usage => "digest on | digest off";
    public string Description
        => "The weekly digest of the deliveries you run, Mondays 09:00 your time (a DM; the CTO gets it anyway)";

    public async Task HandleAsync(TurnContext turn, string arguments, CancellationToken ct)
    {
        if (turn.Sender is not { } sender)
        {
            await turn.ReplyAsync("I can't tell who you are in this conversation, so I can't change anything.", ct);
            return;
        }
        var word = arguments.Trim().ToLowerInvariant();
        if (word.Length == 0)
        {
            var on = (await settings.ReadAsync(turn.TenantId, ct)).DigestReaders.Any(p => p.IsSameAs(sender));
            await turn.ReplyAsync(on
                ? "You get the weekly digest of the deliveries you run (Mondays 09:00 your time). `digest off` "
                    + "stops it."
                : "You do not get the weekly digest (a CTO gets it anyway). `digest on` asks for it.", ct);
            return;
        }
        if (word is not ("on" or "off"))
        {
            await turn.ReplyAsync($"Type `{Usage}`: on asks for the weekly digest every Monday at 09:00 your time, "
                + "off stops it.", ct);
            return;
        }
        // the zone the reader's Teams reports is the one their Monday 09:00 is in
        var zone = ReaderTime.ZoneFor(turn.Activity, sender.TimeZoneId ?? "");
        var reader = zone.Length > 0 ? sender with { TimeZoneId = zone } : sender;
        var outcome = await settings.DigestAsync(turn.ChangeFrom(reader, $"message:{Name}"), word == "on", ct);
        await turn.ReplyAsync(OutcomeText.Of(outcome), ct);
    }
}
