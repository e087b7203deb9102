using DeliveryBot.Application.Storage;
using DeliveryBot.Storage.Sql;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DeliveryBot.Storage;

/// <summary>
/// Migrates the schema before the bot takes traffic. A database that cannot be used stops start-up once,
/// with the reason, instead of failing every request.
/// </summary>
internal sealed partial class StorageStartup(Migrator migrator, Database database, ILogger<StorageStartup> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var version = await migrator.MigrateAsync(cancellationToken);
            Ready(database.Dialect.Name, database.Dialect.Describe, version);
        }
        catch (StorageUnavailableException e)
        {
            Unusable(e.Message);
            throw;
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1000, Level = LogLevel.Information,
        Message = "Storage ready: {Provider} at {Location}, schema version {SchemaVersion}")]
    private partial void Ready(string provider, string location, int schemaVersion);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Critical,
        Message = "Storage cannot be used, so the bot will not start: {Reason}")]
    private partial void Unusable(string reason);
}

/// <summary>/healthz: the store answers a trivial query.</summary>
internal sealed class StorageHealthCheck(Database database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await database.ReadAsync(async c =>
            {
                await using var ping = c.Sql("SELECT 1");
                return await ping.ExecuteScalarAsync(cancellationToken);
            }, cancellationToken);
            return HealthCheckResult.Healthy($"{database.Dialect.Name} reachable");
        }
        catch (Exception e) when (e is StorageUnavailableException or System.Data.Common.DbException)
        {
            return HealthCheckResult.Unhealthy($"{database.Dialect.Name} unavailable", e);
        }
    }
}
