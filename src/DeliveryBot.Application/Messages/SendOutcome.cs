using DeliveryBot.Application.Storage;

namespace DeliveryBot.Application.Messages;

public enum MessageStatus
{
    /// <summary>The channel took it.</summary>
    Sent,

    /// <summary>There was nothing to send (the card already shows this; the turn closed before it went).</summary>
    Skipped,

    /// <summary>
    /// Teams refuses to reach them (403/404: they blocked or removed the bot, the message is gone): not retried.
    /// </summary>
    Unreachable,

    /// <summary>
    /// It can never be sent as it is (not in Teams, known by email only; not a card this bot draws): not retried.
    /// </summary>
    Rejected,

    /// <summary>
    /// It did not go this time (throttled past the retries, Teams unavailable, no tenant known yet): retried later.
    /// </summary>
    Failed,
}

/// <summary>What became of one send, with the reason when it did not go and, for a card, where it now is.</summary>
public sealed record SendOutcome(MessageStatus Status, string? Reason = null, PostedCard? Posted = null)
{
    public static SendOutcome Sent(PostedCard? posted = null) => new(MessageStatus.Sent, Reason: null, posted);
    public static SendOutcome Skipped(string why) => new(MessageStatus.Skipped, why);
    public static SendOutcome Unreachable(string? reason) => new(MessageStatus.Unreachable, reason ?? "unreachable");
    public static SendOutcome Rejected(string reason) => new(MessageStatus.Rejected, reason);
    public static SendOutcome Failed(string? reason) => new(MessageStatus.Failed, reason ?? "failed");
}
