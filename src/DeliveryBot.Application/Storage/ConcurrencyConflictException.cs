namespace DeliveryBot.Application.Storage;

/// <summary>The stored version is not the one the writer read: reload and decide again.</summary>
public sealed class ConcurrencyConflictException(string deliveryId, long expectedVersion)
    : Exception($"Delivery {deliveryId} changed since version {expectedVersion} was read.")
{
    public string DeliveryId { get; } = deliveryId;
    public long ExpectedVersion { get; } = expectedVersion;
}
