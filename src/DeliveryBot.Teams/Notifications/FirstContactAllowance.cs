using System.Collections.Concurrent;
using DeliveryBot.Teams.Conversations;
using Microsoft.Extensions.Options;

namespace DeliveryBot.Teams.Notifications;

/// <summary>
/// How many cards a day go to someone who has never written to the bot. Anyone who can open a delivery can name a
/// colleague in it, and the bot then opens a chat with them unasked; past this many in a sliding day (Bot:FirstContactCardsPerDay)
/// the rest wait, retried by the outbox, until the day has room or the person writes to the bot. Someone who has
/// written to the bot (a 1:1 chat reference from their own activity) is not counted. Counted in this process.
/// </summary>
public sealed class FirstContactAllowance(ConversationReferences references, IOptions<BotOptions> options, TimeProvider clock)
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _sent = new(StringComparer.OrdinalIgnoreCase);
    private long _sweptAt;

    /// <summary>Null when a card may go to this person now (and counts it); otherwise why it waits.</summary>
    public async Task<string?> TakeAsync(string objectId, string who, CancellationToken ct)
    {
        if (await references.FindUserAsync(objectId, ct) is { UserId: not null }) return null; // they wrote to the bot: not a stranger to it
        var now = clock.GetUtcNow();
        var perDay = options.Value.FirstContactCardsPerDay;
        var times = _sent.GetOrAdd(objectId, _ => new Queue<DateTimeOffset>());
        string? waits;
        lock (times)
        {
            while (times.Count > 0 && times.Peek() <= now - Day) times.Dequeue();
            waits = times.Count < perDay ? null
                : $"{who} has never written to the bot and has had {perDay} cards from it in a day; this one waits until the day has room or they write";
            if (waits is null) times.Enqueue(now);
        }
        Sweep(now);
        return waits;
    }

    /// <summary>Forgets, at most once an hour, the people sent nothing within the day.</summary>
    private void Sweep(DateTimeOffset now)
    {
        var last = Interlocked.Read(ref _sweptAt);
        if (now.UtcTicks - last < TimeSpan.TicksPerHour || Interlocked.CompareExchange(ref _sweptAt, now.UtcTicks, last) != last) return;
        foreach (var (key, times) in _sent)
            lock (times)
                if (times.Count == 0 || times.Last() <= now - Day) _sent.TryRemove(new KeyValuePair<string, Queue<DateTimeOffset>>(key, times));
    }
}
