using System.Collections.Concurrent;
using DeliveryBot.Application.Storage;

namespace DeliveryBot.Application.Messages;

/// <summary>
/// What each posted card was last drawn as in Teams, as this process updated it: the digest a redraw compares with, so
/// a card whose drawing did not change is not sent again. Held in memory, at most <see cref="Most"/> cards (then
/// started afresh): forgetting costs one unneeded update of a card, never a wrong one.
/// </summary>
internal sealed class DrawnCards
{
    private const int Most = 100_000;
    private readonly ConcurrentDictionary<(string Conversation, string Activity), string> _drawn = new();
    private int _count;

    /// <summary>
    /// The posted card with the digest of what this process last drew for it, when it knows better than the store.
    /// </summary>
    public PostedCard Recall(PostedCard card)
        => _drawn.TryGetValue((card.ConversationId, card.ActivityId), out var digest)
            ? card with { DrawnHash = digest }
            : card;

    public void Remember(PostedCard card)
    {
        if (card.DrawnHash is not { } digest) return;
        if (_drawn.TryAdd((card.ConversationId, card.ActivityId), digest))
        {
            if (Interlocked.Increment(ref _count) <= Most) return;
            _drawn.Clear();
            Interlocked.Exchange(ref _count, 0);
        }
        else _drawn[(card.ConversationId, card.ActivityId)] = digest;
    }
}
