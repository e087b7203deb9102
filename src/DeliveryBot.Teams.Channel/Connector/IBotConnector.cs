using DeliveryBot.Teams.Protocol;

namespace DeliveryBot.Teams.Connector;

/// <summary>
/// The Bot Connector REST API (v3) the bot calls. Every call returns a result the caller must handle:
/// sent, unreachable (403/404) or failed after retries; none throws for an HTTP failure.
/// </summary>
public interface IBotConnector
{
    Task<SendResult> ReplyAsync(
        string serviceUrl,
        string conversationId,
        string replyToId,
        Activity activity,
        string? tenantId,
        CancellationToken ct);

    Task<SendResult> SendAsync(
        string serviceUrl, string conversationId, Activity activity, string? tenantId, CancellationToken ct);

    Task<SendResult> UpdateAsync(
        string serviceUrl,
        string conversationId,
        string activityId,
        Activity activity,
        string? tenantId,
        CancellationToken ct);

    Task<SendResult> DeleteAsync(
        string serviceUrl, string conversationId, string activityId, string? tenantId, CancellationToken ct);

    /// <summary>Opens (or finds) a conversation; the result's ActivityId holds the conversation id.</summary>
    Task<SendResult> CreateConversationAsync(
        string serviceUrl, ConversationParameters parameters, CancellationToken ct);

    Task<(SendResult Result, IReadOnlyList<ChannelAccount> Members)> GetMembersAsync(
        string serviceUrl, string conversationId, CancellationToken ct);
}
