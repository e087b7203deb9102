using DeliveryBot.Application.Deliveries;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Storage.Sql;
using DeliveryBot.Storage.Sqlite;
using DeliveryBot.Storage.Tests.Contract;
using DeliveryBot.TestKit;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Storage.Tests.Application;

/// <summary>Load, decide, save on a real SQLite file, with two "instances" writing at once.</summary>
public sealed class DeliveryServiceTests : IAsyncLifetime
{
    private readonly SqliteFile _file = new();
    private readonly List<SqliteDialect> _dialects = [];
    private readonly ManualClock _clock = new(Scenario.Start);

    private SqlDeliveryStore Store()
    {
        var dialect = new SqliteDialect($"Data Source={_file.Path}", _file.Directory);
        _dialects.Add(dialect);
        return new SqlDeliveryStore(new Database(dialect));
    }

    public async Task InitializeAsync()
    {
        var dialect = new SqliteDialect($"Data Source={_file.Path}", _file.Directory);
        _dialects.Add(dialect);
        await new Migrator(new Database(dialect), _clock).MigrateAsync(CancellationToken.None);
        await Store().SaveAsync(Scenario.Opened().ToProduction().Delivery, 0, Scenario.Start);
    }

    [Fact]
    public async Task Two_instances_writing_at_once_lose_no_update()
    {
        var a = new DeliveryService(Store(), _clock, []);
        var b = new DeliveryService(Store(), _clock, []);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            (i % 2 == 0 ? a : b).ExecuteAsync("D1", new RaiseBlocker($"problem {i}"), $"race-{i}", Pablo, "test")));

        Assert.All(results, r => Assert.Equal(OutcomeKind.Applied, r.Outcome.Kind));
        var stored = (await Store().FindAsync("D1"))!;
        Assert.Equal(20, stored.State.Blockers.Count);
        Assert.Equal(20, stored.State.Blockers.Select(x => x.Description).Distinct().Count());
    }

    [Fact]
    public async Task A_card_decided_on_the_old_version_answers_already_decided_after_a_race()
    {
        var service = new DeliveryService(Store(), _clock, []);
        var drawnAt = (await Store().FindAsync("D1"))!.Version;
        await service.ExecuteAsync("D1", new StartProduction(), "start", Pablo, "test");
        await service.ExecuteAsync("D1", new AcknowledgeGate(DeliveryBot.Domain.Lifecycle.StageCatalog.Checks.ProductionComplete.Key), "first", Pablo, "card", drawnAt + 1);

        var second = await service.ExecuteAsync("D1", new AcknowledgeGate(DeliveryBot.Domain.Lifecycle.StageCatalog.Checks.ProductionComplete.Key), "second", Pablo, "card", drawnAt + 1);

        Assert.Equal(OutcomeKind.AlreadyDecided, second.Outcome.Kind);
        Assert.StartsWith("Production marked complete by Pablo", second.Outcome.Message);
    }

    [Fact]
    public async Task Listeners_hear_each_saved_change_with_the_record_before_and_after_and_nothing_else()
    {
        var heard = new Recorder();
        var service = new DeliveryService(Store(), _clock, [heard]);

        await service.ExecuteAsync("D1", new StartProduction(), "start", Pablo, "card:x");
        await service.ExecuteAsync("D1", new StartProduction(), "start", Pablo, "card:x"); // a retry: nothing new
        await service.ExecuteAsync("D1", new CloseDelivery(), "close", Dana, "message:close"); // refused

        var change = Assert.Single(heard.Changes);
        Assert.Equal(change.Before!.Version + 1, change.After.Version);
        Assert.Null(change.Before.State.Milestones[(int)DeliveryBot.Domain.Milestones.Milestone.ProductionStart].Actual);
        Assert.NotNull(change.After.State.Milestones[(int)DeliveryBot.Domain.Milestones.Milestone.ProductionStart].Actual);
        Assert.Equal(("start", "card:x", "Pablo"), (change.CommandId, change.Source, change.Actor.DisplayName));
    }

    [Fact]
    public async Task An_intake_opens_a_delivery_once_even_when_submitted_twice()
    {
        var heard = new Recorder();
        var service = new DeliveryService(Store(), _clock, [heard]);
        var intake = new DeliveryBot.Domain.Deliveries.Intake("Contoso", "Invoice talent", "Reads invoices", DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime),
            null, null, Ivy, DeliveryBot.Domain.Record.DeliverySettings.For("Europe/London"));

        var first = await service.OpenAsync(intake, "intake-1", Dana, "card:delivery.open");
        var again = await service.OpenAsync(intake, "intake-1", Dana, "card:delivery.open");
        var bad = await service.OpenAsync(intake with { Client = " " }, "intake-2", Dana, "card:delivery.open");

        Assert.Equal("D2", first.Delivery!.Id);
        Assert.Equal("D2", again.Delivery!.Id);
        Assert.Equal(first.Message, again.Message);
        Assert.Null(bad.Delivery);
        Assert.Contains("Client", bad.Message, StringComparison.Ordinal);
        Assert.Null(Assert.Single(heard.Changes).Before);
    }

    private sealed class Recorder : IDeliveryChangeListener
    {
        public List<DeliveryChanged> Changes { get; } = [];

        public ValueTask OnChangedAsync(DeliveryChanged change, CancellationToken ct)
        {
            Changes.Add(change);
            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task An_unknown_delivery_is_a_plain_refusal()
    {
        var result = await new DeliveryService(Store(), _clock, []).ExecuteAsync("D404", new CloseDelivery(), "x", Dana, "test");

        Assert.Equal(OutcomeKind.Refused, result.Outcome.Kind);
        Assert.Null(result.Delivery);
    }

    [Fact]
    public async Task The_keyed_lock_lets_one_holder_per_key_and_forgets_idle_keys()
    {
        var keyed = new KeyedLock();
        var inside = 0;
        var most = 0;
        await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            using (await keyed.AcquireAsync("d1", CancellationToken.None))
            {
                most = Math.Max(most, Interlocked.Increment(ref inside));
                await Task.Yield();
                Interlocked.Decrement(ref inside);
            }
        }));
        using var other = await keyed.AcquireAsync("D2", CancellationToken.None);
        using var again = await keyed.AcquireAsync("D1", CancellationToken.None); // not held: no wait

        Assert.Equal(1, most);
    }

    public Task DisposeAsync()
    {
        foreach (var d in _dialects) d.Dispose();
        _file.Delete();
        return Task.CompletedTask;
    }
}
