using DeliveryBot.Domain.Lifecycle;

namespace DeliveryBot.Application.Storage;

/// <summary>
/// What lists show of a delivery without loading it; <see cref="Id"/> is the id people see (the list is one
/// organisation's).
/// </summary>
public sealed record DeliverySummary(
    string Id,
    string Client,
    string DigitalTalent,
    DeliveryStatus Status,
    Stage Stage,
    long Version,
    DateTimeOffset UpdatedAt,
    bool Closed);
