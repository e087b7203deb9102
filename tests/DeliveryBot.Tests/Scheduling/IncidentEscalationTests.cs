using DeliveryBot.Storage;
using DeliveryBot.Tests.Support;

namespace DeliveryBot.Tests.Scheduling;

/// <summary>
/// Issue 20: a missed incident target escalates to the CTO once, the DM told with it, the commander is reminded of the
/// status update once per cadence, and each error-budget alert reaches the DM and the CTO once, through the bot as a
/// process with its Hangfire scheduler, across a graceful restart on SQLite: the second start sends what fell due
/// while the bot was down and nothing of the rest again.
/// </summary>
public sealed class IncidentEscalationTests : IAsyncLifetime
{
    private const int Deliveries = 20;
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(90);
    private readonly string _directory = Directory.CreateTempSubdirectory("deliverybot-incidents-").FullName;
    private RecordingConnector _connector = null!;

    private string Sqlite => $"Data Source={Path.Combine(_directory, "bot.db")}";

    public async Task InitializeAsync() => _connector = await RecordingConnector.StartAsync();

    [Fact]
    public async Task Each_missed_response_escalates_once_and_a_restart_sends_none_of_it_again()
    {
        var messages = new IncidentMessages(_connector);
        var first = Enumerable.Range(1, Deliveries).ToList();
        await IncidentSeed.WriteAsync(StorageProvider.Sqlite, Sqlite, first, DateTimeOffset.UtcNow,
            _connector.ServiceUrl);
        await using (var bot = await ReminderBot.StartAsync(StorageProvider.Sqlite, Sqlite, node: "incident-a"))
        {
            await messages.ArrivedAsync(first, Within);
            // stopped as a deployment stops it: a kill (ReminderCrashTests) may send again what Teams took an instant
            // before and the outbox had not yet marked sent; a graceful stop finishes its marks and sends nothing twice
            Assert.Equal(0, await bot.TerminateAsync(Within));
        }

        // while the bot is down another delivery's incident misses its target; the bot starts again and sends that
        // one's messages, and none of the others again
        var sentinel = Deliveries + 1;
        await IncidentSeed.WriteAsync(StorageProvider.Sqlite, Sqlite, [sentinel], DateTimeOffset.UtcNow,
            _connector.ServiceUrl);
        await using (await ReminderBot.StartAsync(StorageProvider.Sqlite, Sqlite, node: "incident-b"))
            await messages.ArrivedAsync([sentinel], Within);

        messages.AssertOnce([.. first, sentinel]);
        Assert.All(
            await IncidentSeed.ReadAsync(StorageProvider.Sqlite, Sqlite, [.. first, sentinel]),
            d => Assert.Equal(["incident:I1:response"], d.State.Escalations.Select(e => e.Trigger)));
    }

    public async Task DisposeAsync()
    {
        await _connector.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
