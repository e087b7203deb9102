using DeliveryBot.Storage;
using DeliveryBot.Tests.Support;
using DeliveryBot.TestKit;

namespace DeliveryBot.Tests.Scheduling;

/// <summary>
/// Issue 20: two bot processes on one PostgreSQL database, with 40 incidents past their response target: each
/// escalation is raised once between them, the CTO gets one card, the DM one notice and the commander one status
/// reminder per incident, and each error-budget alert goes once to each of the DM and the CTO.
/// </summary>
[Collection(PostgresGroup.Name)]
public sealed class IncidentTwoInstanceTests(PostgresServer server) : IAsyncLifetime
{
    private const int Deliveries = 40;
    private RecordingConnector _connector = null!;
    private string _database = "";

    public async Task InitializeAsync()
    {
        _connector = await RecordingConnector.StartAsync();
        _database = await server.CreateDatabaseAsync();
    }

    [Fact]
    public async Task Two_instances_escalate_each_missed_target_once_between_them()
    {
        var deliveries = Enumerable.Range(1, Deliveries).ToList();
        await IncidentSeed.WriteAsync(StorageProvider.Postgres, _database, deliveries, DateTimeOffset.UtcNow,
            _connector.ServiceUrl);
        var messages = new IncidentMessages(_connector);

        await TwoBots.RunAsync(_database, () => messages.ArrivedAsync(deliveries, TimeSpan.FromSeconds(90)));

        messages.AssertOnce(deliveries);
        Assert.All(
            await IncidentSeed.ReadAsync(StorageProvider.Postgres, _database, deliveries),
            d => Assert.Single(d.State.Escalations));
    }

    public async Task DisposeAsync() => await _connector.DisposeAsync();
}
