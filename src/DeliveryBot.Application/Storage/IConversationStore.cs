namespace DeliveryBot.Application.Storage;

/// <summary>
/// Conversation references, stored opaque (the Teams layer owns their shape) under a stable key:
/// "user:{aadObjectId}" for a person's 1:1 chat, "tenant:{id}" for a tenant, "member:{aadObjectId}" for a Teams user
/// id.
/// </summary>
public interface IConversationStore
{
    Task SaveReferenceAsync(string key, string reference, DateTimeOffset at, CancellationToken ct = default)
        => SaveReferencesAsync([new(key, reference)], at, ct);

    /// <summary>
    /// Several references in one transaction (what one activity teaches: its tenant, sender, 1:1 chat).
    /// </summary>
    Task SaveReferencesAsync(
        IReadOnlyCollection<KeyValuePair<string, string>> references,
        DateTimeOffset at,
        CancellationToken ct = default);

    Task<string?> FindReferenceAsync(string key, CancellationToken ct = default);

    /// <summary>
    /// The references whose key starts with <paramref name="keyPrefix"/> (case-sensitive), at most
    /// <paramref name="limit"/>, in no promised order: the people an organisation's chats have shown the bot, by name.
    /// </summary>
    Task<IReadOnlyList<KeyValuePair<string, string>>> FindReferencesAsync(
        string keyPrefix, int limit, CancellationToken ct = default);

    /// <summary>
    /// Whether the bot can reach a person (403/404 from Teams marks them unreachable, with the reason).
    /// </summary>
    Task SetReachabilityAsync(
        string personKey, bool reachable, string? reason, DateTimeOffset at, CancellationToken ct = default);

    Task<Reachability?> FindReachabilityAsync(string personKey, CancellationToken ct = default);

    /// <summary>
    /// The reachability of each of <paramref name="personKeys"/> that has one, looked up together: the status card
    /// shows every stakeholder's, and is drawn behind every click.
    /// </summary>
    Task<IReadOnlyDictionary<string, Reachability>> FindReachabilityAsync(
        IReadOnlyCollection<string> personKeys, CancellationToken ct = default)
        => EachAsync(personKeys, key => FindReachabilityAsync(key, ct));

    /// <summary>The references stored under each of <paramref name="keys"/> that has one, looked up together.</summary>
    Task<IReadOnlyDictionary<string, string>> FindReferencesByKeyAsync(
        IReadOnlyCollection<string> keys, CancellationToken ct = default)
        => EachAsync(keys, key => FindReferenceAsync(key, ct));

    /// <summary>The lookups by a list of keys, one key at a time, for a store with nothing better.</summary>
    private static async Task<IReadOnlyDictionary<string, T>> EachAsync<T>(
        IReadOnlyCollection<string> keys, Func<string, Task<T?>> find)
        where T : class
    {
        var found = new Dictionary<string, T>();
        foreach (var key in keys)
            if (await find(key) is { } value) found[key] = value;
        return found;
    }

    /// <summary>
    /// Remembers a card the bot posted about a delivery (or what it was last drawn as), so every change can redraw it
    /// in place.
    /// </summary>
    Task SavePostedCardAsync(PostedCard card, CancellationToken ct = default);

    /// <summary>The cards posted about a delivery, oldest first, final ones included.</summary>
    Task<IReadOnlyList<PostedCard>> PostedCardsAsync(string deliveryId, CancellationToken ct = default);

    /// <summary>
    /// Forgets a posted card that can no longer be updated (deleted, or the bot was removed from the chat).
    /// </summary>
    Task ForgetPostedCardAsync(PostedCard card, CancellationToken ct = default);
}
