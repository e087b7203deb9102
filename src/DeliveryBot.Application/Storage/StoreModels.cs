using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.People;

namespace DeliveryBot.Application.Storage;

/// <summary>What lists show of a delivery without loading it.</summary>
public sealed record DeliverySummary(
    string Id, string Client, string DigitalTalent, DeliveryStatus Status, Stage Stage, long Version, DateTimeOffset UpdatedAt, bool Closed);

public enum DeliveryFilter { Open, Closed, All }

public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, int Total)
{
    public int Pages => PageSize == 0 ? 0 : (Total + PageSize - 1) / PageSize;
}

/// <summary>One of a person's pending actions on one delivery.</summary>
public sealed record PendingActionRow(string DeliveryId, string Client, string DigitalTalent, Role Role, string What, DateTimeOffset Since, string? CheckKey);

/// <summary>A role a person holds on an open delivery.</summary>
public sealed record DeliveryRole(string DeliveryId, string Client, string DigitalTalent, Role Role);

/// <summary>A command some delivery applied, and the answer it gave.</summary>
public sealed record ProcessedCommand(string CommandId, string DeliveryId, long Version, string Answer);

/// <summary>The stored version is not the one the writer read: reload and decide again.</summary>
public sealed class ConcurrencyConflictException(string deliveryId, long expectedVersion)
    : Exception($"Delivery {deliveryId} changed since version {expectedVersion} was read.")
{
    public string DeliveryId { get; } = deliveryId;
    public long ExpectedVersion { get; } = expectedVersion;
}

/// <summary>The database cannot be used: a clear reason for the person starting the bot.</summary>
public sealed class StorageUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
