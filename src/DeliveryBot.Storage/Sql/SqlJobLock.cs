using System.Text;
using DeliveryBot.Application.Storage;

namespace DeliveryBot.Storage.Sql;

/// <summary>
/// <see cref="IJobLock"/> through the dialect: a PostgreSQL session advisory lock (released by the server the moment
/// the holder's connection goes, so a killed instance never blocks the others); on SQLite, where one instance owns the
/// file, a lock inside the process.
/// </summary>
internal sealed class SqlJobLock(Database database) : IJobLock
{
    public Task<IAsyncDisposable?> TryTakeAsync(string job, CancellationToken ct = default)
        => database.Dialect.TryHoldAsync(KeyOf(job), ct);

    /// <summary>
    /// A stable 64-bit key for a job's name (FNV-1a): the same in every instance and every release, unlike
    /// <see cref="string.GetHashCode()"/>.
    /// </summary>
    internal static long KeyOf(string job)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(job))
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }
        return unchecked((long)hash);
    }
}
