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

    /// <summary>
    /// Under Teams' ~15 s before a click shows "Unable to reach app", so the person still gets the answer.
    /// </summary>
    public static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromSeconds(10);

    [EnumDataType(typeof(StorageProvider))]
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>
    /// SQLite: how long a write waits for a lock another writer (another process, a backup tool) holds on the file
    /// before it gives up and says so. At least a second: the driver counts its own retries in whole seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan LockTimeout { get; set; } = DefaultLockTimeout;

    /// <summary>
    /// How many records read or saved lately this process keeps parsed, each served again only while its version is
    /// still the stored one (0: none; every load parses the document and its audit trail).
    /// </summary>
    [Range(0, 1_000_000)]
    public int RecordCache { get; set; } = Sql.RecordCache.DefaultCapacity;
}
