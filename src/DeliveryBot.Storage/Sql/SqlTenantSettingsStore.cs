using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Calendar;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Storage.Json;

namespace DeliveryBot.Storage.Sql;

/// <summary>
/// Each organisation's settings as one document keyed by its tenant id (lower case, as deliveries keep it), with its
/// version in a column so a save is optimistic on it, on SQLite or PostgreSQL.
/// </summary>
internal sealed class SqlTenantSettingsStore(Database database) : ITenantSettingsStore
{
    public Task<TenantSettings> GetAsync(string tenantId, CancellationToken ct = default)
        => database.ReadAsync(async c =>
        {
            var tenant = DeliveryKey.Tenant(tenantId);
            await using var find = c.Sql("SELECT doc, version FROM tenant_settings WHERE tenant_id = @tenant")
                .With("@tenant", tenant);
            await using var r = await find.ExecuteReaderAsync(ct);
            if (!await r.ReadAsync(ct)) return new TenantSettings(tenant);
            // the row's key says whose it is, whatever the document says
            return DeliveryJson.DeserializeSettings(r.GetString(0)) with { TenantId = tenant, Version = r.GetInt64(1) };
        }, ct);

    public Task SaveAsync(
        TenantSettings settings, long expectedVersion, DateTimeOffset now, CancellationToken ct = default)
        => database.WriteAsync(async (c, tx) =>
        {
            if (settings.Version <= expectedVersion)
                throw new ArgumentException(
                    "A save must carry a newer version than the one it read.", nameof(expectedVersion));
            var tenant = DeliveryKey.Tenant(settings.TenantId);
            var sql = expectedVersion == 0
                ? "INSERT INTO tenant_settings (tenant_id, version, updated_at, doc) " +
                    "VALUES (@tenant, @version, @now, @doc)"
                : "UPDATE tenant_settings SET version = @version, updated_at = @now, doc = @doc " +
                    "WHERE tenant_id = @tenant AND version = @expected";
            await using var write = c.Sql(sql, tx)
                .With("@tenant", tenant).With("@version", settings.Version).With("@expected", expectedVersion)
                .With("@now", now.Millis());
            database.Dialect.AddJson(write, "@doc", DeliveryJson.Serialize(settings with { TenantId = tenant }));
            try
            {
                if (await write.ExecuteNonQueryAsync(ct) == 0)
                    throw new ConcurrencyConflictException($"settings of {tenant}", expectedVersion);
            }
            catch (System.Data.Common.DbException e) when (database.Dialect.IsUniqueViolation(e))
            {
                throw new ConcurrencyConflictException($"settings of {tenant}", expectedVersion);
            }
        }, ct);
}
