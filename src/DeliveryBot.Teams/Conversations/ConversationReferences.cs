using System.Text.Json;
using DeliveryBot.Application.Storage;
using DeliveryBot.Teams.Connector;
using DeliveryBot.Teams.Protocol;

namespace DeliveryBot.Teams.Conversations;

/// <summary>
/// Saves where each person, conversation and tenant can be reached, and trusts the service URLs of those a token
/// vouched for; one saved with authentication off is marked so, and never used once authentication is on.
/// Every activity carries these references, but they rarely change: what this instance last saved under each key is
/// remembered (as the part of it that matters for that key), and only what is new is written, in one transaction. A
/// click in a busy channel thus costs no write at all instead of three durable commits.
/// </summary>
internal sealed class ConversationReferences(IConversationStore store, ServiceUrls serviceUrls, TimeProvider clock)
{
    /// <summary>
    /// Keys (and Teams ids) remembered at most; past it the memory starts again (the cost: one more write, or read, per
    /// key).
    /// </summary>
    private const int KnownLimit = 100_000;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _known =
        new(StringComparer.Ordinal);

    /// <summary>The Teams user ids read so far, by Entra object id (see <see cref="TeamsIdsAsync"/>).</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _teamsIds =
        new(StringComparer.Ordinal);

    /// <summary>
    /// What the last activity from each sender in each conversation taught, when it needed no write. The same lesson
    /// again, with nothing written by anyone since, would find every key as it left it: it is not worked out again
    /// (the reference's JSON, the people picker's entries), which every turn would otherwise do to find nothing new.
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string?), Lesson> _lessons = new();

    /// <summary>
    /// Lessons remembered at most: only a shortcut, so fewer than the keys (a lesson holds a whole reference).
    /// </summary>
    private const int LessonLimit = 10_000;

    /// <summary>Writes so far: a lesson seen before a write is worked out again after it.</summary>
    private long _writes;

    /// <summary>Everything of an activity the saved keys and values are made from, and the writes before it.</summary>
    private sealed record Lesson(
        ConversationReference Reference, bool? Group, string? ObjectId, string? Email, string? Upn, long Writes);

    public Task SaveAsync(Activity activity, CancellationToken ct) => SaveAsync(activity, vouchedFor: true, ct);

    /// <summary>
    /// Saves what the activity teaches; <paramref name="vouchedFor"/> says whether a token vouched for it
    /// (authentication on).
    /// </summary>
    public async Task SaveAsync(Activity activity, bool vouchedFor, CancellationToken ct)
    {
        if (ConversationReference.From(activity, unvouched: !vouchedFor) is not { } reference) return;
        if (vouchedFor) serviceUrls.Trust(reference.ServiceUrl);
        var from = activity.From;
        var lesson = new Lesson(reference, activity.Conversation?.IsGroup, from?.ObjectId, from?.Email,
            from?.UserPrincipalName, Interlocked.Read(ref _writes));
        var sender = (reference.ConversationId, from?.Id);
        if (_lessons.TryGetValue(sender, out var last) && last == lesson) return;
        var json = JsonSerializer.Serialize(reference, ActivityJsonContext.Default.ConversationReference);
        var changes = new Changes(_known);
        // A tenant is reached through any of its conversations (to open a 1:1 chat there); a person's 1:1 chat is the
        // whole reference. Channel posts need none: each goes back to the conversation it answers, or to a card's own.
        if (reference.TenantId is { } tenant)
            changes.Add(
                ConversationReference.TenantKey(tenant),
                json,
                $"{reference.ServiceUrl}|{reference.ChannelId}|{reference.BotId}|{reference.BotName}|{vouchedFor}");
        if (activity.IsPersonal() && reference.UserAadObjectId is { } user)
            changes.Add(ConversationReference.UserKey(user), json, json);
        if (from is not null) AddMember(changes, reference.TenantId, from);
        if (changes.Writes.Count > 0) await SaveAsync(changes, ct);
        else
        {
            if (_lessons.Count > LessonLimit) _lessons.Clear();
            _lessons[sender] = lesson;
        }
    }

    /// <summary>
    /// Remembers people's Teams user ids by Entra object id (from a roster, or whoever wrote to the bot): opening a
    /// 1:1 chat with someone needs their Teams id.
    /// </summary>
    public async Task SaveMembersAsync(string? tenantId, IEnumerable<ChannelAccount> members, CancellationToken ct)
    {
        var changes = new Changes(_known);
        foreach (var m in members) AddMember(changes, tenantId, m);
        await SaveAsync(changes, ct);
    }

    private static void AddMember(Changes changes, string? tenantId, ChannelAccount member)
    {
        if (member is { EntraId: { } oid, Id: { } teamsId } && teamsId != oid)
            changes.Add(MemberKey(oid), teamsId, teamsId);
        // The people picker's typeahead offers whoever the bot has seen in the organisation, found by name or address.
        if (KnownPeople.Entries(tenantId, member) is { } known)
            foreach (var (key, json) in known) changes.Add(key, json, json);
    }

    /// <summary>
    /// The people seen in organisation <paramref name="tenantId"/> whose name (any word of it) or address starts with
    /// <paramref name="prefix"/> (already normalised by <see cref="KnownPeople.Normalise"/>), at most
    /// <paramref name="limit"/> entries (one person may match more than once).
    /// </summary>
    public async Task<IReadOnlyList<KnownPerson>> KnownPeopleAsync(
        string tenantId, string prefix, int limit, CancellationToken ct)
        => [.. (await store.FindReferencesAsync(KnownPeople.SearchKey(tenantId, prefix), limit, ct))
            .Select(e => KnownPerson.Read(e.Value))
            .OfType<KnownPerson>()];

    /// <summary>Someone seen in organisation <paramref name="tenantId"/>, by Entra object id; null if never.</summary>
    public async Task<KnownPerson?> KnownPersonAsync(string tenantId, string objectId, CancellationToken ct)
        => await store.FindReferenceAsync(KnownPeople.IdKey(tenantId, objectId), ct) is { } json
            ? KnownPerson.Read(json)
            : null;

    private async Task SaveAsync(Changes changes, CancellationToken ct)
    {
        if (changes.Writes.Count == 0) return;
        await store.SaveReferencesAsync(changes.Writes, clock.GetUtcNow(), ct);
        Interlocked.Increment(ref _writes);
        if (_known.Count > KnownLimit) _known.Clear();
        foreach (var (key, fingerprint) in changes.Fingerprints) _known[key] = fingerprint;
    }

    /// <summary>The references of one activity that differ from what was last saved under their keys.</summary>
    private sealed class Changes(System.Collections.Concurrent.ConcurrentDictionary<string, string> known)
    {
        public List<KeyValuePair<string, string>> Writes { get; } = [];
        public List<KeyValuePair<string, string>> Fingerprints { get; } = [];

        public void Add(string key, string value, string fingerprint)
        {
            if (known.TryGetValue(key, out var saved) && saved == fingerprint) return;
            Writes.Add(new(key, value));
            Fingerprints.Add(new(key, fingerprint));
        }
    }

    public Task<string?> FindMemberIdAsync(string aadObjectId, CancellationToken ct)
        => store.FindReferenceAsync(MemberKey(aadObjectId), ct);

    private static string MemberKey(string aadObjectId) => $"member:{aadObjectId.ToLowerInvariant()}";

    public async Task SaveUserAsync(string aadObjectId, ConversationReference reference, CancellationToken ct)
    {
        // written here, not from an activity: the next activity says it again
        _known.TryRemove(ConversationReference.UserKey(aadObjectId), out _);
        await store.SaveReferenceAsync(
            ConversationReference.UserKey(aadObjectId),
            JsonSerializer.Serialize(reference, ActivityJsonContext.Default.ConversationReference),
            clock.GetUtcNow(),
            ct);
        Interlocked.Increment(ref _writes);
    }

    public Task<ConversationReference?> FindUserAsync(string aadObjectId, CancellationToken ct)
        => FindAsync(ConversationReference.UserKey(aadObjectId), ct);
    public Task<ConversationReference?> FindTenantAsync(string tenantId, CancellationToken ct)
        => FindAsync(ConversationReference.TenantKey(tenantId), ct);

    /// <summary>
    /// The Teams user ids of those of <paramref name="aadObjectIds"/> who have a 1:1 chat with the bot, by object id.
    /// </summary>
    /// <remarks>
    /// Every card drawn lists its actors' ids so Teams refreshes it for them, and a card is drawn behind every click:
    /// reading them each time was two of a click's five reads. A person's Teams id for this bot never changes, so once
    /// read it is kept (<see cref="_teamsIds"/>); someone without a chat yet is looked up again each time, as they may
    /// open one on any instance.
    /// </remarks>
    public async Task<IReadOnlyDictionary<string, string>> TeamsIdsAsync(
        IReadOnlyCollection<string> aadObjectIds, CancellationToken ct)
    {
        var found = new Dictionary<string, string>();
        List<(string Oid, string Key)>? unknown = null;
        foreach (var oid in aadObjectIds)
            if (_teamsIds.TryGetValue(oid, out var id)) found[oid] = id;
            else (unknown ??= []).Add((oid, ConversationReference.UserKey(oid)));
        if (unknown is null) return found;
        var stored = await store.FindReferencesByKeyAsync([.. unknown.Select(u => u.Key)], ct);
        foreach (var (oid, key) in unknown)
            if (stored.TryGetValue(key, out var json) && Trusted(json) is { UserId: { } teamsId })
            {
                found[oid] = teamsId;
                if (_teamsIds.Count >= KnownLimit) _teamsIds.Clear();
                _teamsIds[oid] = teamsId;
            }
        return found;
    }

    private async Task<ConversationReference?> FindAsync(string key, CancellationToken ct)
        => await store.FindReferenceAsync(key, ct) is { } json ? Trusted(json) : null;

    /// <summary>A stored reference, unless it was saved with authentication off and is not to be trusted now.</summary>
    private ConversationReference? Trusted(string json)
    {
        var reference = JsonSerializer.Deserialize(json, ActivityJsonContext.Default.ConversationReference);
        // saved with authentication off: not trusted with it on
        if (reference is null || (reference.Unvouched && !serviceUrls.TrustAll)) return null;
        serviceUrls.Trust(reference.ServiceUrl);
        return reference;
    }
}
