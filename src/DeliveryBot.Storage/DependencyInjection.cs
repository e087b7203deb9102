using DeliveryBot.Application.Storage;
using DeliveryBot.Storage.Postgres;
using DeliveryBot.Storage.Sql;
using DeliveryBot.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DeliveryBot.Storage;

public static class DependencyInjection
{
    /// <summary>
    /// The store, outbox and conversation references on SQLite (default) or PostgreSQL
    /// (Storage:Provider=Postgres), migrated at start and checked by /healthz.
    /// </summary>
    public static IServiceCollection AddDeliveryStorage(
        this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<SqlDialect>(sp => CreateDialect(
            sp.GetRequiredService<IOptions<StorageOptions>>().Value,
            configuration.GetConnectionString(StorageOptions.ConnectionStringName), environment.ContentRootPath));
        services.AddSingleton<Database>();
        services.AddSingleton<Migrator>();
        services.AddSingleton(sp =>
            new RecordCache(sp.GetRequiredService<IOptions<StorageOptions>>().Value.RecordCacheMegabytes));
        services.AddSingleton<IDeliveryStore, SqlDeliveryStore>();
        services.AddSingleton<ITenantSettingsStore, SqlTenantSettingsStore>();
        services.AddSingleton<IOutbox, SqlOutbox>();
        services.AddSingleton<IConversationStore, SqlConversationStore>();
        services.AddSingleton<IJobLock, SqlJobLock>();
        services.AddSingleton<IOperationalReadings, SqlOperationalReadings>();
        services.AddHostedService<StorageStartup>();
        services.AddHealthChecks().AddCheck<StorageHealthCheck>(
            "storage", tags: [Application.Telemetry.HealthTags.Ready]);
        return services;
    }

    internal static SqlDialect CreateDialect(StorageOptions options, string? connectionString, string baseDirectory)
    {
        var location = DatabaseLocation.Resolve(options.Provider, connectionString, baseDirectory);
        return location.Provider == StorageProvider.Postgres
            ? new PostgresDialect(location.ConnectionString)
            : new SqliteDialect(location.ConnectionString, baseDirectory, options.LockTimeout);
    }
}
