using System.Diagnostics;
using System.Text.Json;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Storage.Json;
using DeliveryBot.Storage.Sql;
using DeliveryBot.Storage.Sqlite;
using DeliveryBot.Storage.Tests.Contract;
using DeliveryBot.Storage.Tests.Support;
using DeliveryBot.TestKit;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;

namespace DeliveryBot.Storage.Tests.Sqlite;

/// <summary>
/// The SQLite file locked by another writer, and the disk full: a save fails with the reason, whole (the record, its
/// audit trail and the outbox exactly as before), and the same save succeeds once the fault clears.
/// </summary>
public sealed class StorageFaultTests : IAsyncLifetime
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(1);
    private readonly SqliteFile _file = new();
    private PageLimitedDialect _dialect = null!;
    private SqlDeliveryStore _store = null!;
    private SqlOutbox _outbox = null!;

    public async Task InitializeAsync()
    {
        _dialect = new PageLimitedDialect(new SqliteDialect($"Data Source={_file.Path}", _file.Directory, LockTimeout));
        var database = new Database(_dialect);
        await new Migrator(database, TimeProvider.System).MigrateAsync(CancellationToken.None);
        _store = new SqlDeliveryStore(database);
        _outbox = new SqlOutbox(database);
        var delivery = Scenario.Opened().Planned().WithRisks(20).Delivery;
        // a save needs fresh pages for the document
        Assert.True(DeliveryJson.Serialize(delivery.State).Length > 2 * 4096);
        await _store.SaveAsync(delivery, expectedVersion: 0, Scenario.Start);
        await _outbox.EnqueueAsync(new OutboxMessage(
            IdempotencyKey: "D1:nudge",
            DeliveryId: "D1",
            RecipientKey: "oid-pablo",
            Kind: "reminder",
            Payload: "{}",
            DueAt: Scenario.Start));
    }

    /// <summary>Pablo acknowledges the schedule on the record as loaded: the save the tests make fail.</summary>
    private async Task<(Delivery Delivery, long Read)> AcknowledgedAsync()
    {
        var delivery = (await _store.FindAsync("D1"))!;
        var read = delivery.Version;
        Assert.True(delivery.Execute(new AcknowledgeGate(Checks.ScheduleAcknowledgedByPla.Key),
            new CommandMeta("ack-1", Cast.Pablo, Scenario.Start, "test")).Changed);
        return (delivery, read);
    }

    /// <summary>
    /// Everything a save or an enqueue could touch, as text: equal snapshots mean nothing was half-written.
    /// </summary>
    private async Task<string> SnapshotAsync()
    {
        var delivery = (await _store.FindAsync("D1"))!;
        var audit = await _store.AuditAsync("D1");
        var outbox = await _outbox.ForDeliveryAsync("D1");
        return JsonSerializer.Serialize(new { doc = DeliveryJson.Serialize(delivery.State), audit, outbox });
    }

    [Fact]
    public async Task A_save_under_another_writer_s_lock_fails_after_the_timeout_with_the_reason_and_writes_nothing()
    {
        var before = await SnapshotAsync();
        var (delivery, read) = await AcknowledgedAsync();
        var clock = Stopwatch.StartNew();
        StorageUnavailableException refused;
        await using (await AnotherWriter.LockAsync(_file.Path))
            refused = await Assert.ThrowsAsync<StorageUnavailableException>(
                () => _store.SaveAsync(delivery, read, Scenario.Start));
        clock.Stop();

        Assert.Equal(StorageFault.Locked, refused.Fault);
        Assert.Contains($"The SQLite file {_file.Path} stayed locked by another writer", refused.Message);
        Assert.Contains("for 1 s; nothing was written", refused.Message);
        // One wait of the lock timeout, not the driver's own retries on top (30 s by default).
        Assert.InRange(clock.Elapsed, LockTimeout * 0.9, LockTimeout * 4);
        Assert.Equal(before, await SnapshotAsync());

        await _store.SaveAsync(delivery, read, Scenario.Start);
        Assert.Equal(read + 1, (await _store.FindAsync("D1"))!.Version);
    }

    [Fact]
    public async Task A_save_on_a_full_disk_is_rolled_back_whole_and_the_same_save_succeeds_once_space_is_freed()
    {
        var before = await SnapshotAsync();
        var auditBefore = (await _store.AuditAsync("D1")).Count;
        var (delivery, read) = await AcknowledgedAsync();
        await _dialect.FillAsync();

        var refused = await Assert.ThrowsAsync<StorageUnavailableException>(
            () => _store.SaveAsync(delivery, read, Scenario.Start));
        var enqueue = await Assert.ThrowsAsync<StorageUnavailableException>(
            () => _outbox.EnqueueAsync(new OutboxMessage(
                IdempotencyKey: "D1:other",
                DeliveryId: "D1",
                RecipientKey: "oid-diego",
                Kind: "reminder",
                Payload: new string('x', 8192),
                DueAt: Scenario.Start)));

        Assert.Equal(StorageFault.Full, refused.Fault);
        Assert.Equal(
            $"The disk holding {_file.Path} is full; nothing was written. Free space and retry.", refused.Message);
        Assert.Equal(StorageFault.Full, enqueue.Fault);
        Assert.Equal(before, await SnapshotAsync());

        _dialect.Clear();
        await _store.SaveAsync(delivery, read, Scenario.Start);
        var saved = (await _store.FindAsync("D1"))!;
        Assert.Equal(read + 1, saved.Version);
        Assert.Single(saved.State.Decisions, d => d.CheckKey == Checks.ScheduleAcknowledgedByPla.Key && d.Stands);
        Assert.Equal(auditBefore + 1, (await _store.AuditAsync("D1")).Count);
        Assert.Single(await _outbox.ForDeliveryAsync("D1"));
    }

    public Task DisposeAsync()
    {
        _dialect.Dispose();
        _file.Delete();
        return Task.CompletedTask;
    }
}
