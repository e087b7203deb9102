using System.ComponentModel.DataAnnotations;

namespace DeliveryBot.Storage;

public enum StorageProvider { Sqlite, Postgres }

/// <summary>
/// "Storage" section. The connection string is ConnectionStrings:DeliveryBot; without one, SQLite uses
/// data/deliverybot.db under the content root.
/// </summary>
public sealed class StorageOptions : IValidatableObject
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
    /// How many megabytes of records read or saved lately this process keeps parsed (by their estimated weight), each
    /// served again only while its version is still the stored one (0: none; every load parses the document and its
    /// audit trail).
    /// </summary>
    [Range(0, 64 * 1024, ErrorMessage = "Storage:RecordCacheMegabytes must be between 0 and 65536 (megabytes).")]
    public int RecordCacheMegabytes { get; set; } = Sql.RecordCache.DefaultMegabytes;

    /// <summary>
    /// The count this setting was until records were kept by weight: refused at start, so a deployment that set it
    /// learns it no longer means anything rather than finding it ignored.
    /// </summary>
    public int? RecordCache { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RecordCache is not null)
            yield return new ValidationResult(
                "Storage:RecordCache (a number of records) is replaced by Storage:RecordCacheMegabytes (what they " +
                $"may weigh, {Sql.RecordCache.DefaultMegabytes} by default): remove it or set that instead.",
                [nameof(RecordCache)]);
    }
}
