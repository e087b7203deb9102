using System.Diagnostics.Metrics;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Record;
using DeliveryBot.Storage.Sql;
using DeliveryBot.Storage.Tests.Contract;
using DeliveryBot.TestKit;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Storage.Tests.Caching;

/// <summary>
/// The meter is the process's own: nothing else in this assembly loads records while these tests count.
/// </summary>
[CollectionDefinition(nameof(MetersRunAlone), DisableParallelization = true)]
public sealed class MetersRunAlone;

/// <summary>
/// <c>deliverybot.records.parsed</c>: each load that had to parse a record because the process did not keep it at its
/// stored version is counted, a load served from the kept copy is not (an operator sizes Storage:RecordCacheMegabytes
/// by it).
/// </summary>
[Collection(nameof(MetersRunAlone))]
public sealed class RecordsParsedMetricTests : IAsyncLifetime
{
    private readonly SqliteFile _file = new();
    private readonly MeterListener _listener = new();
    private long _parsed;
    private SqlDialect _dialect = null!;
    private Database _database = null!;

    public async Task InitializeAsync()
    {
        _dialect = await _file.DialectAsync(fresh: true);
        _database = new Database(_dialect);
        await new Migrator(_database, new ManualClock(Scenario.Start)).MigrateAsync(CancellationToken.None);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument is { Name: "deliverybot.records.parsed", Meter.Name: "DeliveryBot" })
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _parsed, value));
        _listener.Start();
    }

    [Fact]
    public async Task A_load_that_parses_is_counted_and_one_served_from_the_kept_copy_is_not()
    {
        var delivery = Scenario.Opened().Planned().Delivery;
        var keeping = new SqlDeliveryStore(_database, new RecordCache());
        var keepingNothing = new SqlDeliveryStore(_database, new RecordCache(megabytes: 0));
        await keeping.SaveAsync(delivery, 0, Scenario.Start);

        Assert.NotNull(await keeping.FindAsync(delivery.Id)); // kept as saved
        Assert.NotNull(await keeping.FindAsync(delivery.Id));
        Assert.Equal(0, Interlocked.Read(ref _parsed));

        Assert.NotNull(await keepingNothing.FindAsync(delivery.Id));
        Assert.NotNull(await keepingNothing.FindAsync(delivery.Id));
        Assert.Equal(2, Interlocked.Read(ref _parsed));

        var theirs = (await keepingNothing.FindAsync(delivery.Id))!; // 3
        var before = theirs.Version;
        Assert.True(theirs.Execute(new AddRisk("elsewhere", Level.Low, Level.Low, "m"),
            CommandMeta.Now(new ManualClock(Scenario.Start), "c-risk", Dana, "test")).Changed);
        await keepingNothing.SaveAsync(theirs, before, Scenario.Start);
        Assert.NotNull(await keeping.FindAsync(delivery.Id)); // its copy is out of date now: parsed (4)
        Assert.NotNull(await keeping.FindAsync(delivery.Id)); // and kept again
        Assert.Equal(4, Interlocked.Read(ref _parsed));
    }

    public Task DisposeAsync()
    {
        _listener.Dispose();
        (_dialect as IDisposable)?.Dispose();
        _file.Delete();
        return Task.CompletedTask;
    }
}
