using System.Text.Json.Serialization;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Policies;

namespace DeliveryBot.Application.Messages;

/// <summary>A reminder waiting in the outbox to be sent: what the channel needs to say it, to whom.</summary>
public sealed record ReminderMessage(
    string DeliveryId,
    ReminderKind Kind,
    string Key,
    string Subject,
    string? Reference,
    Person Recipient)
    : OutgoingMessage(DeliveryId)
{
    [JsonIgnore]
    public override Person? Addressee => Recipient;
    [JsonIgnore]
    public override string About => Subject;

    public const string OutboxKind = OutboxKinds.Reminder;

    /// <summary>
    /// When the policy said it was due, so how late it went out can be measured (absent on rows written before).
    /// </summary>
    public DateTimeOffset? FellDueAt { get; init; }
}
