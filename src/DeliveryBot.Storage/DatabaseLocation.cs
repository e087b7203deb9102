using DeliveryBot.Application.Storage;
using DeliveryBot.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace DeliveryBot.Storage;

/// <summary>
/// Which database the bot uses and its connection string as opened (a relative SQLite path made absolute against the
/// content root). Others that keep their state in the same database, such as the scheduler, read it from here so
/// both always open the same file.
/// </summary>
public sealed record DatabaseLocation(StorageProvider Provider, string ConnectionString)
{
    public const string DefaultSqlite = "Data Source=data/deliverybot.db";

    public static DatabaseLocation Resolve(IConfiguration configuration, IHostEnvironment environment)
    {
        var provider = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>()?.Provider
            ?? StorageProvider.Sqlite;
        return Resolve(
            provider,
            configuration.GetConnectionString(StorageOptions.ConnectionStringName),
            environment.ContentRootPath);
    }

    internal static DatabaseLocation Resolve(
        StorageProvider provider, string? connectionString, string baseDirectory) => provider switch
    {
        StorageProvider.Postgres => new(provider, string.IsNullOrWhiteSpace(connectionString)
            ? throw new StorageUnavailableException(
                "Storage:Provider is Postgres, so ConnectionStrings:DeliveryBot must hold " +
                "the PostgreSQL connection string.")
            : connectionString),
        _ => new(provider, SqliteDialect.Absolute(
            string.IsNullOrWhiteSpace(connectionString) ? DefaultSqlite : connectionString, baseDirectory)),
    };
}
