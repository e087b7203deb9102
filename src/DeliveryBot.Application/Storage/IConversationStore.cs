namespace DeliveryBot.Application.Storage;

/// <summary>
/// Conversation references, stored opaque (the Teams layer owns their shape) under a stable key:
/// "user:{aadObjectId}" for a person's 1:1 chat, "conversation:{id}" for a chat or channel.
/// </summary>
public interface IConversationStore
{
    Task SaveReferenceAsync(string key, string reference, DateTimeOffset at, CancellationToken ct = default);

    Task<string?> FindReferenceAsync(string key, CancellationToken ct = default);

    /// <summary>Whether the bot can reach a person (403/404 from Teams marks them unreachable, with the reason).</summary>
    Task SetReachabilityAsync(string personKey, bool reachable, string? reason, DateTimeOffset at, CancellationToken ct = default);

    Task<Reachability?> FindReachabilityAsync(string personKey, CancellationToken ct = default);
}

public sealed record Reachability(string PersonKey, bool Reachable, string? Reason, DateTimeOffset UpdatedAt);
