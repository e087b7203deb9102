using DeliveryBot.Storage;
using DeliveryBot.Tests.Support;

namespace DeliveryBot.Tests.Scheduling;

/// <summary>
/// Issue 21: the weekly digest through the bot as a process with its Hangfire scheduler, across a graceful restart on
/// SQLite: each reader gets one digest this week; the second start sends the digest of a CTO added while the bot was
/// down and nobody's again.
/// </summary>
public sealed class DigestRestartTests : IAsyncLifetime
{
    private const int Deliveries = 10;
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(90);
    private readonly string _directory = Directory.CreateTempSubdirectory("deliverybot-digest-").FullName;
    private RecordingConnector _connector = null!;

    private string Sqlite => $"Data Source={Path.Combine(_directory, "bot.db")}";

    public async Task InitializeAsync() => _connector = await RecordingConnector.StartAsync();

    [Fact]
    public async Task Each_reader_gets_one_digest_a_week_and_a_restart_sends_none_again()
    {
        var messages = new DigestMessages(_connector);
        var first = Enumerable.Range(1, Deliveries).ToList();
        await DigestSeed.WriteAsync(StorageProvider.Sqlite, Sqlite, first, DateTimeOffset.UtcNow,
            _connector.ServiceUrl);
        await using (var bot = await ReminderBot.StartAsync(StorageProvider.Sqlite, Sqlite, node: "digest-a"))
        {
            await messages.ArrivedAsync(first, Within);
            // a graceful stop, as a deployment's: see IncidentEscalationTests
            Assert.Equal(0, await bot.TerminateAsync(Within));
        }

        // while the bot is down a delivery with a new CTO is opened; the next start sends that CTO's digest only
        var sentinel = Deliveries + 1;
        await DigestSeed.WriteAsync(StorageProvider.Sqlite, Sqlite, [sentinel], DateTimeOffset.UtcNow,
            _connector.ServiceUrl);
        await using (await ReminderBot.StartAsync(StorageProvider.Sqlite, Sqlite, node: "digest-b"))
            await messages.ArrivedAsync([sentinel], Within);

        messages.AssertOnce([.. first, sentinel]);
    }

    public async Task DisposeAsync()
    {
        await _connector.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
