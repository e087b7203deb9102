using DeliveryBot.Storage;
using DeliveryBot.Tests.Support;
using DeliveryBot.TestKit;

namespace DeliveryBot.Tests.Scheduling;

/// <summary>
/// Issue 21: two bot processes on one PostgreSQL database, 30 CTOs and an opted-in DM due their weekly digest: each
/// gets one between them.
/// </summary>
[Collection(PostgresGroup.Name)]
public sealed class DigestTwoInstanceTests(PostgresServer server) : IAsyncLifetime
{
    private const int Deliveries = 30;
    private RecordingConnector _connector = null!;
    private string _database = "";

    public async Task InitializeAsync()
    {
        _connector = await RecordingConnector.StartAsync();
        _database = await server.CreateDatabaseAsync();
    }

    [Fact]
    public async Task Two_instances_send_each_reader_one_digest_between_them()
    {
        var deliveries = Enumerable.Range(1, Deliveries).ToList();
        await DigestSeed.WriteAsync(StorageProvider.Postgres, _database, deliveries, DateTimeOffset.UtcNow,
            _connector.ServiceUrl);
        var messages = new DigestMessages(_connector);

        await TwoBots.RunAsync(_database, () => messages.ArrivedAsync(deliveries, TimeSpan.FromSeconds(90)));

        messages.AssertOnce(deliveries);
    }

    public async Task DisposeAsync() => await _connector.DisposeAsync();
}
