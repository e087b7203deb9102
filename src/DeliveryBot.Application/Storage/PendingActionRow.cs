using DeliveryBot.Domain.People;

namespace DeliveryBot.Application.Storage;

/// <summary>One of a person's pending actions on one delivery of their organisation (by the id people see).</summary>
public sealed record PendingActionRow(
    string DeliveryId,
    string Client,
    string DigitalTalent,
    Role Role,
    string What,
    DateTimeOffset Since,
    string? CheckKey);
