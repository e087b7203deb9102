using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.People;

namespace DeliveryBot.Application.Storage;

/// <summary>What lists show of a delivery without loading it; <see cref="Id"/> is the id people see (the list is one organisation's).</summary>
public sealed record DeliverySummary(
    string Id, string Client, string DigitalTalent, DeliveryStatus Status, Stage Stage, long Version, DateTimeOffset UpdatedAt, bool Closed);

public enum DeliveryFilter { Open, Closed, All }

public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, int Total)
{
    public int Pages => PageSize == 0 ? 0 : (Total + PageSize - 1) / PageSize;
}

/// <summary>One of a person's pending actions on one delivery of their organisation (by the id people see).</summary>
public sealed record PendingActionRow(string DeliveryId, string Client, string DigitalTalent, Role Role, string What, DateTimeOffset Since, string? CheckKey);

/// <summary>A role a person holds on an open delivery of their organisation (by the id people see).</summary>
public sealed record DeliveryRole(string DeliveryId, string Client, string DigitalTalent, Role Role);

/// <summary>A command some delivery (by key) applied, and the answer it gave.</summary>
public sealed record ProcessedCommand(string CommandId, string DeliveryId, long Version, string Answer);

/// <summary>The stored version is not the one the writer read: reload and decide again.</summary>
public sealed class ConcurrencyConflictException(string deliveryId, long expectedVersion)
    : Exception($"Delivery {deliveryId} changed since version {expectedVersion} was read.")
{
    public string DeliveryId { get; } = deliveryId;
    public long ExpectedVersion { get; } = expectedVersion;
}

/// <summary>What kept the database from taking a read or a write, in terms a person in a chat can be told.</summary>
public enum StorageFault
{
    /// <summary>It cannot be opened or used at all (missing, corrupt, refused credentials, unreachable).</summary>
    Unusable,

    /// <summary>Another writer held its lock for longer than the bot waits; trying again later works.</summary>
    Locked,

    /// <summary>The disk it lives on is full.</summary>
    Full,
}

/// <summary>
/// The database cannot be used: <see cref="Exception.Message"/> is the reason for the operator (where, and what to do);
/// <see cref="Fault"/> is what the person whose action it stopped is told.
/// </summary>
public sealed class StorageUnavailableException(string message, Exception? inner = null, StorageFault fault = StorageFault.Unusable) : Exception(message, inner)
{
    public StorageFault Fault { get; } = fault;
}
