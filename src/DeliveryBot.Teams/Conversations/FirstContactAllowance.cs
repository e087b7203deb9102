using DeliveryBot.Application.Limits;
using DeliveryBot.Teams.Protocol;
using Microsoft.Extensions.Options;

namespace DeliveryBot.Teams.Conversations;

/// <summary>
/// How many cards a day go to someone who has never written to the bot. Anyone who can open a delivery can name a
/// colleague in it, and the bot then opens a chat with them unasked; past this many in a sliding day
/// (Bot:FirstContactCardsPerDay) the rest wait, retried by the outbox, until the day has room or the person writes to
/// the bot. Someone who has written to the bot (a 1:1 chat reference from their own activity) is not counted. Counted
/// in this process. Checked where every 1:1 message goes out (<see cref="ProactiveMessenger"/>), with the reference it
/// has already read.
/// </summary>
internal sealed class FirstContactAllowance(IOptions<BotOptions> options, TimeProvider clock)
{
    private readonly SlidingAllowance _sent = SlidingAllowance.Daily();

    /// <summary>
    /// Null when a message may go to this person now (and counts it); otherwise why it waits. <paramref name="known"/>
    /// is their 1:1 chat reference (null when the bot has none).
    /// </summary>
    public string? Take(ConversationReference? known, string objectId, string who)
    {
        if (known is { UserId: not null }) return null; // they wrote to the bot: not a stranger to it
        var perDay = options.Value.FirstContactCardsPerDay;
        return _sent.TryTake(objectId, perDay, clock.GetUtcNow())
            ? null
            : $"{who} has never written to the bot and has had {perDay} cards from it in a day; "
                + "this one waits until the day has room or they write";
    }
}
