using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Calendar;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Storage.Sql;
using DeliveryBot.TestKit;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Storage.Tests.Contract;

/// <summary>
/// Each organisation's settings (its change freezes) and what the release calendar reads, whatever the database. Run
/// on SQLite and on a real PostgreSQL.
/// </summary>
public abstract class TenantSettingsContract : StoreFixture
{
    private SqlTenantSettingsStore Settings => new(Database);

    private static TenantSettings Freeze(TenantSettings settings, Person who, string commandId, string reason)
    {
        var (set, outcome) = settings.Freeze(
            new(2026, 12, 21), new(2027, 1, 4), reason, [Role.DeliveryManager],
            new CommandMeta(commandId, who, Scenario.Start, "contract"), "UTC");
        Assert.True(outcome.Changed, outcome.Message);
        return set;
    }

    [Fact]
    public async Task An_organisation_without_settings_has_version_0_and_no_freezes()
    {
        var settings = await Settings.GetAsync("Tenant-Contoso");

        Assert.Equal(("tenant-contoso", 0L), (settings.TenantId, settings.Version));
        Assert.Empty(settings.Freezes);
    }

    [Fact]
    public async Task Saved_freezes_load_back_identical_and_ended_ones_keep_who_ended_them()
    {
        var set = Freeze(await Settings.GetAsync("tenant-contoso"), Dana, "c-1", "Year end <b>");
        await Settings.SaveAsync(set, expectedVersion: 0, Clock.GetUtcNow());
        var (ended, _) = set.EndFreeze(1, [Role.Cto], new CommandMeta("c-2", Clara, Scenario.Start, "contract"));
        await Settings.SaveAsync(ended, expectedVersion: 1, Clock.GetUtcNow());

        var loaded = await Settings.GetAsync("TENANT-CONTOSO");

        Assert.Equal(2, loaded.Version);
        Assert.Equal(ended.Freezes, loaded.Freezes);
        Assert.Equal(("Year end <b>", "c-1", false), (loaded.Freezes[0].Reason, loaded.Freezes[0].CommandId,
            loaded.Freezes[0].IsActive));
        Assert.Equal(Clara, loaded.Freezes[0].EndedBy);
    }

    [Fact]
    public async Task A_save_from_a_stale_read_is_refused_and_writes_nothing()
    {
        var first = Freeze(await Settings.GetAsync("tenant-contoso"), Dana, "c-1", "Year end");
        var second = Freeze(await Settings.GetAsync("tenant-contoso"), Clara, "c-2", "Audit");
        await Settings.SaveAsync(first, expectedVersion: 0, Clock.GetUtcNow());

        // both read version 0: the second writer loses, as two instances racing would
        await Assert.ThrowsAsync<ConcurrencyConflictException>(
            () => Settings.SaveAsync(second, expectedVersion: 0, Clock.GetUtcNow()));
        // both end F1 from version 1: the second writer loses
        var (byDana, _) = first.EndFreeze(1, [Role.DeliveryManager], new("c-3", Dana, Scenario.Start, "contract"));
        var (byClara, _) = first.EndFreeze(1, [Role.Cto], new("c-4", Clara, Scenario.Start, "contract"));
        await Settings.SaveAsync(byDana, expectedVersion: 1, Clock.GetUtcNow());
        await Assert.ThrowsAsync<ConcurrencyConflictException>(
            () => Settings.SaveAsync(byClara, expectedVersion: 1, Clock.GetUtcNow()));

        var loaded = await Settings.GetAsync("tenant-contoso");
        Assert.Equal(("Year end", 2L, Dana), (loaded.Freezes.Single().Reason, loaded.Version,
            loaded.Freezes.Single().EndedBy));
    }

    /// <summary>A delivery's audit under other command ids, so several can be imported side by side.</summary>
    private static IEnumerable<Domain.Record.AuditEntry> Renumbered(string prefix)
        => Scenario.Opened().Planned().Delivery.State.Audit.Select(e => e with { CommandId = prefix + e.CommandId });

    [Fact]
    public async Task Each_organisation_reads_only_its_own_freezes_and_open_deliveries()
    {
        await Settings.SaveAsync(
            Freeze(await Settings.GetAsync("tenant-fabrikam"), Dana, "c-1", "Fabrikam's year end"),
            expectedVersion: 0, Clock.GetUtcNow());
        var contoso = Delivery.Restore(Scenario.Opened().Planned().Delivery.State with
        {
            Id = await Store.NextDeliveryIdAsync("tenant-contoso"), TenantId = "tenant-contoso",
        });
        var closed = Delivery.Restore(Scenario.Opened().Planned().Delivery.State with
        {
            Id = await Store.NextDeliveryIdAsync("tenant-contoso"), TenantId = "tenant-contoso",
            ClosedAt = Scenario.Start,
            Audit = [.. Renumbered("c")],
        });
        var fabrikam = Delivery.Restore(Scenario.Opened().Planned().Delivery.State with
        {
            Id = await Store.NextDeliveryIdAsync("tenant-fabrikam"), TenantId = "tenant-fabrikam",
            Client = "Fabrikam Inc",
            Audit = [.. Renumbered("f")],
        });
        await Store.ImportAsync([contoso, closed, fabrikam], Clock.GetUtcNow());

        Assert.Empty((await Settings.GetAsync("tenant-contoso")).Freezes);
        Assert.Equal("Fabrikam's year end", (await Settings.GetAsync("tenant-fabrikam")).Freezes.Single().Reason);
        var open = await Store.OpenRecordsAsync("Tenant-Contoso", limit: 10);
        Assert.Equal([("D1", "Contoso Ltd", "tenant-contoso")],
            open.Select(d => (d.Id, d.State.Client, d.State.TenantId)));
        Assert.Equal(contoso.State.Milestones, open[0].State.Milestones);
        Assert.Equal(
            ["Fabrikam Inc"], (await Store.OpenRecordsAsync("tenant-fabrikam", 10)).Select(d => d.State.Client));
        Assert.Empty(await Store.OpenRecordsAsync("tenant-northwind", 10));
    }
}
