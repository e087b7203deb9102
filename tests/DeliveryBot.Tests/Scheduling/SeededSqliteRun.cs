using DeliveryBot.Tests.Support;

namespace DeliveryBot.Tests.Scheduling;

/// <summary>
/// A temporary SQLite database seeded with <paramref name="deliveries"/> deliveries whose two nudges each are due
/// (<see cref="ReminderSeed"/>), and the connector their messages go to; deleted afterwards.
/// </summary>
public abstract class SeededSqliteRun(int deliveries) : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("deliverybot-reminders-").FullName;

    protected RecordingConnector Connector { get; private set; } = null!;

    protected string ConnectionString => $"Data Source={Path.Combine(_directory, "bot.db")}";

    public async Task InitializeAsync()
    {
        Connector = await RecordingConnector.StartAsync();
        await ReminderSeed.WriteAsync(
            provider: Storage.StorageProvider.Sqlite,
            connectionString: ConnectionString,
            count: deliveries,
            now: DateTimeOffset.UtcNow,
            serviceUrl: Connector.ServiceUrl);
    }

    public async Task DisposeAsync()
    {
        await Connector.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
