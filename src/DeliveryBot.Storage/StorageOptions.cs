using System.ComponentModel.DataAnnotations;

namespace DeliveryBot.Storage;

public enum StorageProvider { Sqlite, Postgres }

/// <summary>
/// "Storage" section. The connection string is ConnectionStrings:DeliveryBot; without one, SQLite uses
/// data/deliverybot.db under the content root.
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";
    public const string ConnectionStringName = "DeliveryBot";

    [EnumDataType(typeof(StorageProvider))]
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;
}
