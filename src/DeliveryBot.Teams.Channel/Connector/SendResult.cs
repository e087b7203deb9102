namespace DeliveryBot.Teams.Connector;

public enum SendStatus
{
    /// <summary>Teams accepted it.</summary>
    Sent,
    /// <summary>
    /// 403/404: the bot was removed or blocked, or the conversation is gone. Record it and tell the DM; do not retry.
    /// </summary>
    Unreachable,
    /// <summary>Still failing after the retries (or refused outright): keep it and try again later.</summary>
    Failed,
}

/// <summary>The outcome of a Bot Connector call, as a value the caller must handle: nothing is thrown away.</summary>
public sealed record SendResult(SendStatus Status, string? ActivityId, int? HttpStatus, string? Reason)
{
    public static SendResult Sent(string? id, int status) => new(SendStatus.Sent, id, status, Reason: null);

    public static SendResult Unreachable(int status, string reason)
        => new(SendStatus.Unreachable, ActivityId: null, status, reason);

    public static SendResult Failed(int? status, string reason)
        => new(SendStatus.Failed, ActivityId: null, status, reason);
}
