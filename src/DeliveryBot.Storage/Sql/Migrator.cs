using System.Data.Common;
using DeliveryBot.Application.Storage;

namespace DeliveryBot.Storage.Sql;

/// <summary>
/// Brings the schema to the newest version this build knows, in one transaction, recording each version
/// applied. A database from a newer build is refused rather than guessed at.
/// </summary>
internal sealed class Migrator(Database database, TimeProvider clock)
{
    /// <summary>
    /// Migrates to the newest version, or only up to <paramref name="upTo"/> (a test building a database as an older
    /// build left it).
    /// </summary>
    public async Task<int> MigrateAsync(CancellationToken ct, int? upTo = null)
    {
        var dialect = database.Dialect;
        await using (var connection = await database.OpenAsync(ct))
        {
            try { await dialect.GuardAsync(connection, ct); }
            catch (Exception e) when (dialect.Explain(e) is { } clear) { throw clear; }
        }

        // apart from the group commit: a migration's backfill runs a statement or more per record
        return await database.WriteApartAsync(async (connection, tx) =>
        {
            await dialect.LockForMigrationAsync(connection, tx, ct);
            await using (var create = connection.Sql(
                "CREATE TABLE IF NOT EXISTS schema_version " +
                "(version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at BIGINT NOT NULL)", tx))
                await create.ExecuteNonQueryAsync(ct);

            var current = await CurrentAsync(connection, tx, ct);
            var newest = upTo ?? dialect.Migrations.Max(m => m.Version);
            if (current > newest)
                throw new StorageUnavailableException(
                    $"The {dialect.Name} database at {dialect.Describe} has schema version {current}, " +
                    $"newer than this build knows ({newest}). Run the newer DeliveryBot, or restore a backup.");

            foreach (var migration in dialect.Migrations
                .Where(m => m.Version > current && m.Version <= newest)
                .OrderBy(m => m.Version))
            {
                await using (var apply = connection.Sql(migration.Sql, tx)) await apply.ExecuteNonQueryAsync(ct);
                if (migration.Then is { } then) await then(connection, tx, ct);
                await using var record = connection.Sql(
                        "INSERT INTO schema_version (version, description, applied_at) VALUES (@v, @d, @at)", tx)
                    .With("@v", migration.Version).With("@d", migration.Description)
                    .With("@at", clock.GetUtcNow().Millis());
                await record.ExecuteNonQueryAsync(ct);
            }
            return newest;
        }, ct);
    }

    private static async Task<int> CurrentAsync(DbConnection connection, DbTransaction tx, CancellationToken ct)
    {
        await using var query = connection.Sql("SELECT COALESCE(MAX(version), 0) FROM schema_version", tx);
        return Convert.ToInt32(await query.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }
}
