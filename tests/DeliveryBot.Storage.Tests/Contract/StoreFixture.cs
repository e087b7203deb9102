using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Storage.Sql;
using DeliveryBot.TestKit;

namespace DeliveryBot.Storage.Tests.Contract;

/// <summary>One migrated database and the stores over it; a second connection set plays "another instance".</summary>
public abstract class StoreFixture : IAsyncLifetime
{
    private readonly List<IDisposable> _dialects = [];

    internal Database Database { get; private set; } = null!;
    public IDeliveryStore Store { get; private set; } = null!;
    public IOutbox Outbox { get; private set; } = null!;
    public IConversationStore Conversations { get; private set; } = null!;
    public ManualClock Clock { get; } = new(Scenario.Start);

    internal abstract Task<SqlDialect> CreateDialectAsync(bool fresh);

    public async Task InitializeAsync()
    {
        Database = await OpenAsync(fresh: true);
        await new Migrator(Database, Clock).MigrateAsync(CancellationToken.None);
        Store = new SqlDeliveryStore(Database);
        Outbox = new SqlOutbox(Database);
        Conversations = new SqlConversationStore(Database);
    }

    /// <summary>
    /// A new delivery saved under the store's next id, driven as far as <paramref name="drive"/> takes it (its command
    /// ids made unique to it).
    /// </summary>
    internal async Task<Delivery> NewAsync(Func<Scenario, Scenario>? drive = null)
    {
        var s = Scenario.Opened();
        drive?.Invoke(s);
        var id = await Store.NextDeliveryIdAsync("");
        var delivery = Delivery.Restore(s.Delivery.State with
        {
            Id = id,
            Audit = [.. s.Delivery.State.Audit.Select(e => e with { CommandId = $"{id}-{e.CommandId}" })],
        });
        await Store.SaveAsync(delivery, 0, Clock.GetUtcNow());
        return delivery;
    }

    /// <summary>
    /// <paramref name="command"/> by <paramref name="who"/> applied (it must change the record) and saved, by this
    /// instance's store or the one given.
    /// </summary>
    internal async Task<Delivery> ApplyAsync(
        Delivery delivery, Person who, DeliveryCommand command, IDeliveryStore? store = null)
    {
        var before = delivery.Version;
        var outcome = delivery.Execute(command, CommandMeta.Now(Clock, $"c-{Guid.NewGuid():N}", who, "test"));
        Assert.True(outcome.Changed, outcome.Message);
        await (store ?? Store).SaveAsync(delivery, before, Clock.GetUtcNow());
        return delivery;
    }

    /// <summary>
    /// Another instance's view of the same database: its own pool and write gate, and its own records kept (up to
    /// <paramref name="recordCacheMegabytes"/>).
    /// </summary>
    internal async Task<(IDeliveryStore Store, IOutbox Outbox)> SecondInstanceAsync(
        int recordCacheMegabytes = RecordCache.DefaultMegabytes)
    {
        var other = await OpenAsync(fresh: false);
        return (new SqlDeliveryStore(other, new RecordCache(recordCacheMegabytes)), new SqlOutbox(other));
    }

    internal async Task<Database> OpenAsync(bool fresh)
    {
        var dialect = await CreateDialectAsync(fresh);
        if (dialect is IDisposable d) _dialects.Add(d);
        return new Database(dialect);
    }

    public virtual Task DisposeAsync()
    {
        foreach (var d in _dialects) d.Dispose();
        return Task.CompletedTask;
    }
}
