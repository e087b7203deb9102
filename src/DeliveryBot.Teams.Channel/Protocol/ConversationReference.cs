namespace DeliveryBot.Teams.Protocol;

/// <summary>
/// Where to reach a conversation again without being spoken to: saved from every authenticated activity,
/// stored opaque by the store under "user:{aadObjectId}" and "tenant:{id}".
/// </summary>
public sealed record ConversationReference(
    string ServiceUrl, string ChannelId, string ConversationId, string? ConversationType, string? TenantId,
    string? BotId, string? BotName, string? UserId, string? UserAadObjectId, string? UserName)
{
    /// <summary>
    /// Saved from an activity no token vouched for (authentication off, as in local development): its service URL could
    /// be anyone's, so once authentication is on it is never used (the app token would go there).
    /// </summary>
    public bool Unvouched { get; init; }

    /// <summary>The activity's conversation, as <paramref name="unvouched"/> says it was vouched for.</summary>
    public static ConversationReference? From(Activity activity, bool unvouched = false)
        => activity is { ServiceUrl: { } url, Conversation.Id: { } conversation }
            ? new(
                ServiceUrl: url,
                ChannelId: activity.ChannelId ?? "msteams",
                ConversationId: conversation,
                ConversationType: activity.Conversation.ConversationType,
                TenantId: activity.TenantId(),
                BotId: activity.Recipient?.Id,
                BotName: activity.Recipient?.Name,
                UserId: activity.From?.Id,
                UserAadObjectId: activity.From?.AadObjectId,
                UserName: activity.From?.Name) { Unvouched = unvouched }
            : null;

    public static string UserKey(string aadObjectId) => $"user:{aadObjectId.ToLowerInvariant()}";
    public static string TenantKey(string tenantId) => $"tenant:{tenantId.ToLowerInvariant()}";
}
