namespace DeliveryBot.Application.Storage;

public sealed record OutboxMessage(
    string IdempotencyKey,
    string? DeliveryId,
    string RecipientKey,
    string Kind,
    string Payload,
    DateTimeOffset DueAt)
{
    /// <summary>
    /// The W3C traceparent of the work that wrote the message (a click, a reminder pass), kept with the row so its
    /// sending, maybe on another instance, links back to it. Taken where the message is made, inside that work; null
    /// when nothing traces.
    /// </summary>
    public string? TraceParent { get; init; } = System.Diagnostics.Activity.Current?.Id;
}
