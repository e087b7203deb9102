namespace DeliveryBot.Application.Storage;

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
public sealed class StorageUnavailableException(
    string message, Exception? inner = null, StorageFault fault = StorageFault.Unusable)
    : Exception(message, inner)
{
    public StorageFault Fault { get; } = fault;
}
