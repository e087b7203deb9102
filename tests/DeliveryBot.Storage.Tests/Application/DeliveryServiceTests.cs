using System.Diagnostics;
using DeliveryBot.Application.Deliveries;
using DeliveryBot.Application.Messages;
using DeliveryBot.Application.Storage;
using DeliveryBot.Application.Telemetry;
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

    private DeliveryService Service(IOutboxSignal? signal = null)
        => new(Store(), _clock, new FanOutPlanner(new NoCards()), signal ?? new Wakes());

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
        await Store().SaveAsync(Scenario.Opened().ToProduction().Delivery, expectedVersion: 0, Scenario.Start);
    }

    [Fact]
    public async Task One_person_opens_at_most_the_day_s_allowance_in_each_organisation()
    {
        var service = new DeliveryService(
            Store(),
            _clock,
            fanOut: new FanOutPlanner(new NoCards()),
            signal: new Wakes(),
            openings: new OpeningAllowance(perDay: 3));
        Task<OpenResult> Open(string tenant, int i) => service.OpenAsync(
            Scenario.SampleIntake(), new ChangeSource($"open-{tenant}-{i}", Dana, "test") { TenantId = tenant });

        for (var i = 0; i < 3; i++) Assert.NotNull((await Open("tenant-a", i)).Delivery);
        var again = await Open("tenant-a", 0); // the same submission again: the delivery it opened, not a refusal
        var refused = await Open("tenant-a", 3);

        Assert.Equal("D1", again.Delivery!.Id);
        Assert.Null(refused.Delivery);
        Assert.StartsWith(
            "You have opened 3 deliveries in the last 24 hours, the most one person may", refused.Message);
        Assert.Contains("after 2026-03-03", refused.Message);
        Assert.NotNull((await Open("tenant-b", 0)).Delivery); // another organisation counts its own
        Assert.Null(await Store().FindAsync("tenant-a/D4"));

        _clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal("D4", (await Open("tenant-a", 4)).Delivery!.Id);
    }

    [Fact]
    public async Task Two_instances_writing_at_once_lose_no_update()
    {
        var a = Service();
        var b = Service();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            (i % 2 == 0 ? a : b).ExecuteAsync(
                "D1", new RaiseBlocker($"problem {i}"), commandId: $"race-{i}", Pablo, source: "test")));

        Assert.All(results, r => Assert.Equal(OutcomeKind.Applied, r.Outcome.Kind));
        var stored = (await Store().FindAsync("D1"))!;
        Assert.Equal(20, stored.State.Blockers.Count);
        Assert.Equal(20, stored.State.Blockers.Select(x => x.Description).Distinct().Count());
    }

    [Fact]
    public async Task A_card_decided_on_the_old_version_answers_already_decided_after_a_race()
    {
        var service = Service();
        var drawnAt = (await Store().FindAsync("D1"))!.Version;
        await service.ExecuteAsync("D1", new StartProduction(), commandId: "start", Pablo, source: "test");
        await service.ExecuteAsync(
            "D1",
            new AcknowledgeGate(DeliveryBot.Domain.Lifecycle.StageCatalog.Checks.ProductionComplete.Key),
            commandId: "first",
            Pablo,
            source: "card",
            expectedVersion: drawnAt + 1);

        var second = await service.ExecuteAsync(
            "D1",
            new AcknowledgeGate(DeliveryBot.Domain.Lifecycle.StageCatalog.Checks.ProductionComplete.Key),
            commandId: "second",
            Pablo,
            source: "card",
            expectedVersion: drawnAt + 1);

        Assert.Equal(OutcomeKind.AlreadyDecided, second.Outcome.Kind);
        Assert.StartsWith("Production marked complete by Pablo", second.Outcome.Message);
    }

    [Fact]
    public async Task A_saved_change_writes_what_follows_it_to_the_outbox_with_the_record_and_wakes_the_dispatcher()
    {
        var wakes = new Wakes();
        var service = Service(wakes);

        await service.ExecuteAsync("D1", new StartProduction(), "start", Pablo, "card:x");
        var complete = new AcknowledgeGate(DeliveryBot.Domain.Lifecycle.StageCatalog.Checks.ProductionComplete.Key);
        await service.ExecuteAsync("D1", complete, "done", Pablo, "card:x");
        await service.ExecuteAsync("D1", complete, "done", Pablo, "card:x"); // a retry: nothing new
        await service.ExecuteAsync("D1", new CloseDelivery(), "close", Dana, "message:close"); // refused

        var stored = (await Store().FindAsync("D1"))!;
        var rows = await Outbox().ForDeliveryAsync("D1");
        Assert.Equal([$"D1:redraw:{stored.Version - 1}", $"D1:redraw:{stored.Version}"],
            rows.Where(r => r.Message.Kind == OutboxKinds.Redraw).Select(r => r.Message.IdempotencyKey));
        // the DM hears of the gate the PLA decided
        var note = Assert.Single(rows, r => r.Message.Kind == OutboxKinds.Notice);
        Assert.Equal("D1:done:outcomes", note.Message.IdempotencyKey);
        Assert.Contains(
            "Production marked complete by Pablo",
            ((Notice)OutboxKinds.Read(note.Message)!).Markdown,
            StringComparison.Ordinal);
        Assert.Equal(2, wakes.Count); // only the changes that were saved woke the dispatcher
    }

    [Fact]
    public async Task Two_instances_opening_from_one_intake_form_at_once_open_one_delivery_and_both_answer_with_it()
    {
        var (one, two) = (Service(), Service());

        for (var form = 0; form < 10; form++)
        {
            var source = new ChangeSource(Delivery.OpeningFrom("tenant-a", $"form{form}"), Dana, "card:delivery.open")
            {
                TenantId = "tenant-a",
            };
            var answers = await Task.WhenAll(
                one.OpenAsync(Scenario.SampleIntake(), source with { Actor = Dana }),
                two.OpenAsync(Scenario.SampleIntake(), source with { Actor = Pablo }));

            Assert.NotNull(answers[0].Delivery);
            Assert.Equal(answers[0].Delivery!.Id, answers[1].Delivery?.Id);
            Assert.Equal(answers[0].Message, answers[1].Message);
        }
        Assert.Equal(10, (await Store().ListAsync("tenant-a", DeliveryFilter.All, 1, 20)).Total);
    }

    [Fact]
    public async Task An_intake_opens_a_delivery_once_even_when_submitted_twice()
    {
        var wakes = new Wakes();
        var service = Service(wakes);
        var intake = new DeliveryBot.Domain.Deliveries.Intake(
            Client: "Contoso",
            DigitalTalent: "Invoice talent",
            Scope: "Reads invoices",
            IntakeDate: DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime),
            AgreedDeliveryDate: null,
            TimelineExpectations: null,
            ClientIntakeManager: Ivy,
            Settings: DeliveryBot.Domain.Record.DeliverySettings.For("Europe/London"));

        var first = await service.OpenAsync(intake, "intake-1", Dana, "card:delivery.open");
        var again = await service.OpenAsync(intake, "intake-1", Dana, "card:delivery.open");
        var bad = await service.OpenAsync(intake with { Client = " " }, "intake-2", Dana, "card:delivery.open");

        Assert.Equal("D2", first.Delivery!.Id);
        Assert.Equal("D2", again.Delivery!.Id);
        Assert.Equal(first.Message, again.Message);
        Assert.Null(bad.Delivery);
        Assert.Contains("Client", bad.Message, StringComparison.Ordinal);
        Assert.Equal(1, wakes.Count);
        Assert.Single(await Outbox().ForDeliveryAsync("D2"), r => r.Message.Kind == OutboxKinds.Redraw);
    }

    private SqlOutbox Outbox() => new(new Database(_dialects[^1]));

    private sealed class Wakes : IOutboxSignal
    {
        private int _count;
        public int Count => _count;
        public void MessagesWritten(
            DeliveryBot.Domain.Deliveries.Delivery? saved = null, IReadOnlyList<OutboxItem>? taken = null)
            => Interlocked.Increment(ref _count);
    }

    [Fact]
    public async Task A_change_is_decided_on_the_kept_copy_and_an_answer_without_a_save_confirms_its_version_first()
    {
        var service = Service();
        await service.ExecuteAsync("D1", new RaiseBlocker("first"), commandId: "first", Pablo, source: "test");
        using var reads = new DatabaseReads();

        var changed = await service.ExecuteAsync("D1", new RaiseBlocker("second"), "second", Pablo, "test");
        var readsForTheChange = reads.Count;
        var again = await service.ExecuteAsync("D1", new RaiseBlocker("second"), "second", Pablo, "test");

        Assert.Equal(OutcomeKind.Applied, changed.Outcome.Kind);
        Assert.Equal(0, readsForTheChange); // the copy this service saved last, unchecked: its save is the check
        Assert.Equal(OutcomeKind.Duplicate, again.Outcome.Kind);
        Assert.Equal(1, reads.Count - readsForTheChange); // nothing saved: the copy's version confirmed, no more
        Assert.Equal(changed.Delivery!.Version, (await Store().FindAsync("D1"))!.Version);
    }

    [Fact]
    public async Task A_kept_copy_another_instance_saved_over_is_decided_again_on_the_stored_record()
    {
        var a = Service();
        var b = Service();
        await a.ExecuteAsync("D1", new RaiseBlocker("first"), "first", Pablo, "test"); // a keeps what it saved
        await b.ExecuteAsync("D1", new RaiseBlocker("other"), "other", Pablo, "test"); // and is behind now

        // nothing to save: a's copy would say there is one blocker; the stored record has two
        var duplicate = await a.ExecuteAsync("D1", new RaiseBlocker("first"), "first", Pablo, "test");
        await b.ExecuteAsync("D1", new RaiseBlocker("fourth"), "fourth", Pablo, "test"); // a is behind again
        // a change: a's save on its copy fails, and it is decided again on what b stored
        var changed = await a.ExecuteAsync("D1", new RaiseBlocker("fifth"), "fifth", Pablo, "test");

        Assert.Equal(OutcomeKind.Duplicate, duplicate.Outcome.Kind);
        Assert.Equal(["first", "other"], duplicate.Delivery!.State.Blockers.Select(x => x.Description));
        Assert.Equal(OutcomeKind.Applied, changed.Outcome.Kind);
        var stored = (await Store().FindAsync("D1"))!;
        Assert.Equal(changed.Delivery!.Version, stored.Version);
        Assert.Equal(["first", "other", "fourth", "fifth"], stored.State.Blockers.Select(x => x.Description));
    }

    [Fact]
    public async Task An_unknown_delivery_is_a_plain_refusal()
    {
        var result = await Service().ExecuteAsync("D404", new CloseDelivery(), "x", Dana, "test");

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

    /// <summary>
    /// The database reads (their spans) made under a trace of this test's own, whatever else runs beside it: the
    /// trace is started here and flows into the awaited calls that follow.
    /// </summary>
    private sealed class DatabaseReads : IDisposable
    {
        private readonly Activity _trace = new Activity("test").SetIdFormat(ActivityIdFormat.W3C).Start();
        private readonly ActivityListener _listener;
        private int _count;

        public DatabaseReads()
        {
            var trace = _trace.TraceId;
            _listener = new ActivityListener
            {
                ShouldListenTo = s => s.Name == DeliveryTelemetry.DatabaseName,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
                ActivityStopped = span =>
                {
                    if (span.TraceId == trace && span.OperationName == "db.read") Interlocked.Increment(ref _count);
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public int Count => Volatile.Read(ref _count);

        public void Dispose()
        {
            _listener.Dispose();
            _trace.Stop();
        }
    }
}
