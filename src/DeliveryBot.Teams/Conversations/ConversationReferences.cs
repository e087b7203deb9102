using System.Text.Json;
using DeliveryBot.Application.Storage;
using DeliveryBot.Teams.Connector;
using DeliveryBot.Teams.Protocol;

namespace DeliveryBot.Teams.Conversations;

/// <summary>
/// Saves where each person, conversation and tenant can be reached, from authenticated activities only,
/// and trusts their service URLs for outbound calls.
/// </summary>
public sealed class ConversationReferences(IConversationStore store, ServiceUrls serviceUrls, TimeProvider clock)
{
    public async Task SaveAsync(Activity activity, CancellationToken ct)
    {
        if (ConversationReference.From(activity) is not { } reference) return;
        serviceUrls.Trust(reference.ServiceUrl);
        var json = JsonSerializer.Serialize(reference, ActivityJsonContext.Default.ConversationReference);
        var now = clock.GetUtcNow();
        await store.SaveReferenceAsync(ConversationReference.ConversationKey(reference.ConversationId), json, now, ct);
        if (reference.TenantId is { } tenant) await store.SaveReferenceAsync(ConversationReference.TenantKey(tenant), json, now, ct);
        if (activity.IsPersonal() && reference.UserAadObjectId is { } user)
            await store.SaveReferenceAsync(ConversationReference.UserKey(user), json, now, ct);
        if (activity.From is { } from) await SaveMembersAsync([from], ct);
    }

    /// <summary>
    /// Remembers people's Teams user ids by Entra object id (from a roster, or whoever wrote to the bot): opening a
    /// 1:1 chat with someone needs their Teams id.
    /// </summary>
    public async Task SaveMembersAsync(IEnumerable<ChannelAccount> members, CancellationToken ct)
    {
        foreach (var m in members)
            if (m is { EntraId: { } oid, Id: { } teamsId } && teamsId != oid)
                await store.SaveReferenceAsync(MemberKey(oid), teamsId, clock.GetUtcNow(), ct);
    }

    public Task<string?> FindMemberIdAsync(string aadObjectId, CancellationToken ct) => store.FindReferenceAsync(MemberKey(aadObjectId), ct);

    private static string MemberKey(string aadObjectId) => $"member:{aadObjectId.ToLowerInvariant()}";

    public async Task SaveUserAsync(string aadObjectId, ConversationReference reference, CancellationToken ct)
        => await store.SaveReferenceAsync(ConversationReference.UserKey(aadObjectId),
            JsonSerializer.Serialize(reference, ActivityJsonContext.Default.ConversationReference), clock.GetUtcNow(), ct);

    public Task<ConversationReference?> FindUserAsync(string aadObjectId, CancellationToken ct) => FindAsync(ConversationReference.UserKey(aadObjectId), ct);
    public Task<ConversationReference?> FindConversationAsync(string id, CancellationToken ct) => FindAsync(ConversationReference.ConversationKey(id), ct);
    public Task<ConversationReference?> FindTenantAsync(string tenantId, CancellationToken ct) => FindAsync(ConversationReference.TenantKey(tenantId), ct);

    private async Task<ConversationReference?> FindAsync(string key, CancellationToken ct)
    {
        if (await store.FindReferenceAsync(key, ct) is not { } json) return null;
        var reference = JsonSerializer.Deserialize(json, ActivityJsonContext.Default.ConversationReference);
        if (reference is not null) serviceUrls.Trust(reference.ServiceUrl); // written only from authenticated activities
        return reference;
    }
}
