using DeliveryBot.Domain.Calendar;

namespace DeliveryBot.Application.Storage;

/// <summary>
/// Where each organisation's settings (its change freezes) live, one document per organisation. Saves are optimistic
/// on the document's version: a save whose expected version is not the stored one throws
/// <see cref="ConcurrencyConflictException"/> and writes nothing.
/// </summary>
public interface ITenantSettingsStore
{
    /// <summary>The organisation's settings; version 0 and no freezes when it has set none.</summary>
    Task<TenantSettings> GetAsync(string tenantId, CancellationToken ct = default);

    /// <summary>Inserts (expected version 0) or updates the organisation's settings, durably.</summary>
    Task SaveAsync(TenantSettings settings, long expectedVersion, DateTimeOffset now, CancellationToken ct = default);
}
