using DeliveryBot.Storage;
using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;

namespace DeliveryBot.Scheduling;

/// <summary>
/// Where Hangfire keeps its recurring jobs and queue. Nothing that matters lives there (the reminders' schedule and
/// the outbox are in the delivery database), so one instance keeps it in memory; instances sharing a PostgreSQL
/// database share Hangfire's tables in it too (schema "hangfire"), so each slot runs once between them.
/// </summary>
internal static class JobStorageFactory
{
    /// <summary>How often a server looks for a queued pass; a slot runs at most this late.</summary>
    public static readonly TimeSpan QueuePoll = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A pass whose server died is queued again this long after its last heartbeat (sliding, so a long pass that is
    /// alive keeps it); a lock its scheduler held is dropped as long after it was taken.
    /// </summary>
    public static readonly TimeSpan DeadServerGrace = TimeSpan.FromSeconds(30);

    public static JobStorage Create(DatabaseLocation database)
    {
        if (database.Provider != StorageProvider.Postgres) return new InMemoryStorage(new InMemoryStorageOptions());
        var options = new PostgreSqlStorageOptions
        {
            QueuePollInterval = QueuePoll,
            UseSlidingInvisibilityTimeout = true,
            InvisibilityTimeout = DeadServerGrace,
            DistributedLockTimeout = DeadServerGrace,
            PrepareSchemaIfNecessary = true,
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(database.ConnectionString, options), options);
    }
}
