using System.Data.Common;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Incidents;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using DeliveryBot.Storage.Json;
using DeliveryBot.Storage.Sql;
using DeliveryBot.TestKit;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Storage.Tests.Contract;

/// <summary>What every store must do, whatever the database. Run on SQLite and on a real PostgreSQL.</summary>
public abstract class DeliveryStoreContract : StoreFixture
{
    private int _commands;

    private CommandMeta Meta(Person who)
        => CommandMeta.Now(Clock, $"c-{Guid.NewGuid():N}-{++_commands}", who, "contract");

    [Fact]
    public async Task The_indexed_columns_are_the_records_after_every_save_whichever_of_them_it_changed()
    {
        // one record's versions as its lifecycle moves it: the due time, the deployment window and the closing each
        // change in some saves and stay in others, and the update names only the columns that change
        var reviewed = Scenario.Opened().Reviewed().Delivery.State;
        var closed = reviewed with { ClosedAt = Clock.GetUtcNow(), Version = reviewed.Version + 1 };
        DeliveryState[] versions =
        [
            Scenario.Opened().Delivery.State,
            Scenario.Opened().Planned().Delivery.State,
            Scenario.Opened().Planned().WithRisks(1).Delivery.State,
            Scenario.Opened().ToQa().Delivery.State,
            WithWindow(Scenario.Opened().ToDeployment()).Delivery.State,
            WithWindow(Scenario.Opened().ToDeployment()).WithRisks(1).Delivery.State,
            reviewed,
            closed,
            closed with { Client = "Renamed after closing", Version = closed.Version + 1 },
        ];
        var id = await Store.NextDeliveryIdAsync("");
        var seen = new List<(bool Closed, long? Due, long? WindowStart, long? WindowEnd)>();
        long version = 0;
        foreach (var state in versions)
        {
            var delivery = Delivery.Restore(state with
            {
                Id = id,
                Audit = [.. state.Audit.Select(e => e with { CommandId = $"{id}-{e.CommandId}" })],
            });
            await Store.SaveAsync(delivery, version, Clock.GetUtcNow());
            version = delivery.Version;

            var window = DeliveryIndex.WindowOf(delivery);
            var expected = (delivery.IsClosed, DeliveryIndex.Of(delivery, Clock.GetUtcNow()).NextDueAt?.Millis(),
                (long?)window?.Start, (long?)window?.End);
            var stored = await IndexedColumnsAsync(id);
            Assert.Equal(expected, stored);
            seen.Add(stored);
        }
        // the walk did what it is for: each column both changed and stayed the same from one save to the next
        var steps = seen.Zip(seen.Skip(1)).ToList();
        Assert.Contains(steps, p => p.First.Closed != p.Second.Closed);
        Assert.Contains(steps, p => p.First.Closed == p.Second.Closed);
        Assert.Contains(steps, p => p.First.Due != p.Second.Due);
        Assert.Contains(steps, p => p.First.Due == p.Second.Due);
        Assert.Contains(steps, p => p.First.WindowStart != p.Second.WindowStart);
        Assert.Contains(steps, p => p.First.WindowStart == p.Second.WindowStart);
    }

    private static Scenario WithWindow(Scenario s)
    {
        s.Ok(Diego, new ConfirmDeploymentWindow(new(2026, 3, 30), new(2026, 4, 1)));
        return s;
    }

    private Task<(bool Closed, long? Due, long? WindowStart, long? WindowEnd)> IndexedColumnsAsync(string id)
        => Database.ReadAsync(async c =>
        {
            await using var query = c.Sql(
                "SELECT closed, next_due_at, window_start, window_end FROM deliveries WHERE id = @id").With("@id", id);
            await using var r = await query.ExecuteReaderAsync();
            Assert.True(await r.ReadAsync());
            return (r.GetBoolean(0), r.IsDBNull(1) ? (long?)null : r.GetInt64(1),
                r.IsDBNull(2) ? (long?)null : r.GetInt64(2), r.IsDBNull(3) ? (long?)null : r.GetInt64(3));
        }, CancellationToken.None);

    [Fact]
    public async Task A_saved_delivery_loads_back_identical_with_its_audit_trail()
    {
        var saved = await NewAsync(s => s.ToQa());

        var loaded = await Store.FindAsync(saved.Id);

        Assert.NotNull(loaded);
        Assert.Equal(DeliveryJson.Serialize(saved.State), DeliveryJson.Serialize(loaded.State));
        Assert.Equal(saved.State.Audit, loaded.State.Audit);
        Assert.Equal(saved.Version, loaded.Version);
        Assert.Equal(saved.CurrentStage, loaded.CurrentStage);
    }

    [Fact]
    public async Task A_record_served_from_what_this_instance_kept_is_the_record_another_instance_reads()
    {
        // times that are not whole milliseconds, as the wall clock gives them: the audit table keeps milliseconds
        Clock.Advance(TimeSpan.FromTicks(1_234_567));
        var delivery = await NewAsync(s => s.ToQa());
        Clock.Advance(TimeSpan.FromTicks(7_654_321));
        await ApplyAsync(delivery, Dana, new AddRisk("kept", Level.Low, Level.Low, "m"));
        await ApplyAsync(delivery, Dana, new AddRisk("kept too", Level.High, Level.Low, "m"));
        var (other, _) = await SecondInstanceAsync();

        var kept = (await Store.FindAsync(delivery.Id))!;
        var read = (await other.FindAsync(delivery.Id))!;

        Assert.Equal(DeliveryJson.Serialize(read.State), DeliveryJson.Serialize(kept.State));
        Assert.Equal(read.State.Audit, kept.State.Audit);
        Assert.Equal(read.Version, kept.Version);
    }

    [Fact]
    public async Task A_trail_read_back_names_each_actor_as_they_were_when_they_acted()
    {
        // the trail is read with one parse per distinct actor: someone renamed in between is two actors, not one
        var delivery = await NewAsync(s => s.Planned());
        await ApplyAsync(delivery, Dana, new AddRisk("first", Level.Low, Level.Low, "m"));
        await ApplyAsync(
            delivery, Dana with { DisplayName = "Dana Renamed" }, new AddRisk("second", Level.Low, Level.Low, "m"));
        await ApplyAsync(delivery, Dana, new AddRisk("third", Level.Low, Level.Low, "m"));
        var (other, _) = await SecondInstanceAsync();

        var read = (await other.FindAsync(delivery.Id))!.State.Audit;

        Assert.Equal(delivery.State.Audit, read);
        Assert.Equal(
            ["Dana", "Dana Renamed", "Dana"], read.Where(e => e.Action == "add-risk").Select(e => e.Actor.DisplayName));
    }

    [Fact]
    public async Task A_record_saved_by_this_instance_is_served_as_the_very_state_it_saved()
    {
        // what is worked out once for a state of the record (what each role owes) stays with the state object; a copy
        // made on the way into the cache would have it worked out again on every read
        Clock.Advance(TimeSpan.FromTicks(1_234_567)); // not whole milliseconds, as the wall clock gives them
        var delivery = await NewAsync(s => s.ToQa());
        await ApplyAsync(delivery, Dana, new AddRisk("kept", Level.Low, Level.Low, "m"));

        Assert.Same(delivery.State, (await Store.FindAsync(delivery.Id))!.State);
    }

    [Fact]
    public async Task A_kept_record_is_not_served_once_another_instance_has_saved_it()
    {
        var delivery = await NewAsync();
        var (other, _) = await SecondInstanceAsync();
        Assert.Equal(delivery.Version, (await Store.FindAsync(delivery.Id))!.Version); // this instance keeps it

        var theirs = (await other.FindAsync(delivery.Id))!;
        await ApplyAsync(theirs, Dana, new AddRisk("saved elsewhere", Level.Low, Level.Low, "m"), other);
        var ours = (await Store.FindAsync(delivery.Id))!;

        Assert.Equal(theirs.Version, ours.Version);
        Assert.Equal("saved elsewhere", Assert.Single(ours.State.Risks).Description);
        Assert.Equal(theirs.State.Audit.Count, ours.State.Audit.Count);
        // and what it then keeps is the new one, served again
        var again = (await Store.FindAsync(delivery.Id))!;
        Assert.Equal(DeliveryJson.Serialize(ours.State), DeliveryJson.Serialize(again.State));
    }

    [Fact]
    public async Task An_instance_that_keeps_no_records_reads_and_saves_each_from_the_database()
    {
        // Storage:RecordCacheMegabytes = 0: every load parses the document and its trail, every save reads the rows
        // stored beside it before it writes only those that differ
        var delivery = await NewAsync(s => s.Planned());
        var (none, _) = await SecondInstanceAsync(recordCacheMegabytes: 0);

        var read = (await none.FindAsync(delivery.Id))!;
        Assert.Null(none.FindKept(delivery.Id));
        await ApplyAsync(read, Dana, new AddRisk("kept by none", Level.Low, Level.Low, "m"), none);
        Assert.Null(none.FindKept(delivery.Id));
        var again = (await none.FindAsync(delivery.Id))!;
        await ApplyAsync(again, Dana, new AddRisk("and again", Level.High, Level.Low, "m"), none);

        var ours = (await Store.FindAsync(delivery.Id))!;
        Assert.Equal(again.Version, ours.Version);
        Assert.Equal(DeliveryJson.Serialize(again.State), DeliveryJson.Serialize(ours.State));
        Assert.Equal(again.State.Audit, ours.State.Audit);
        Assert.Equal(["kept by none", "and again"], ours.State.Risks.Select(r => r.Description));
    }

    [Fact]
    public async Task The_kept_copy_is_given_unchecked_and_its_version_is_confirmed_only_while_stored()
    {
        var delivery = await NewAsync();
        var (other, _) = await SecondInstanceAsync();
        var kept = Store.FindKept(delivery.Id)!;
        Assert.Same(delivery.State, kept.State); // what this instance saved, as it saved it
        Assert.Null(other.FindKept(delivery.Id)); // the other one has read nothing yet
        Assert.True(await Store.IsStoredVersionAsync(delivery.Id, delivery.Version));

        var theirs = (await other.FindAsync(delivery.Id))!;
        await ApplyAsync(theirs, Dana, new AddRisk("saved elsewhere", Level.Low, Level.Low, "m"), other);

        Assert.Equal(delivery.Version, Store.FindKept(delivery.Id)!.Version); // unchecked: still this instance's
        Assert.False(await Store.IsStoredVersionAsync(delivery.Id, delivery.Version));
        Assert.Null(Store.FindKept(delivery.Id)); // found out of date: not kept any more
        Assert.True(await Store.IsStoredVersionAsync(delivery.Id, theirs.Version));
        Assert.False(await Store.IsStoredVersionAsync("D999999", 1));
    }

    [Fact]
    public async Task An_unknown_delivery_is_not_found()
        => Assert.Null(await Store.FindAsync("D999999"));

    [Fact]
    public async Task Delivery_ids_are_short_and_never_reused()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++) ids.Add(await Store.NextDeliveryIdAsync(""));

        Assert.Equal(["D1", "D2", "D3", "D4", "D5"], ids);
    }

    [Fact]
    public async Task A_save_from_a_stale_version_is_a_conflict_and_writes_nothing()
    {
        var delivery = await NewAsync();
        var copy = (await Store.FindAsync(delivery.Id))!;
        await ApplyAsync(delivery, Dana, new AddRisk("r", Level.Low, Level.Low, "m"));
        var audit = (await Store.AuditAsync(delivery.Id)).Count;

        var before = copy.Version;
        copy.Execute(new RaiseAmbiguity("q"), Meta(Dana));
        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(
            () => Store.SaveAsync(copy, before, Clock.GetUtcNow()));

        Assert.Equal(before, conflict.ExpectedVersion);
        Assert.Equal(delivery.Version, (await Store.FindAsync(delivery.Id))!.Version);
        Assert.Equal(audit, (await Store.AuditAsync(delivery.Id)).Count);
    }

    [Fact]
    public async Task Inserting_an_existing_id_is_a_conflict()
    {
        var delivery = await NewAsync();

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Store.SaveAsync(delivery, 0, Clock.GetUtcNow()));
    }

    [Fact]
    public async Task Two_instances_racing_on_one_record_one_wins_the_other_retries_and_nothing_is_lost()
    {
        var delivery = await NewAsync();
        var (other, _) = await SecondInstanceAsync();
        var a = (await Store.FindAsync(delivery.Id))!;
        var b = (await other.FindAsync(delivery.Id))!;
        var version = a.Version;
        a.Execute(new AddRisk("from A", Level.Low, Level.Low, "m"), Meta(Dana));
        b.Execute(new AddRisk("from B", Level.High, Level.High, "m"), Meta(Dana));

        var results = await Task.WhenAll(
            Record(() => Store.SaveAsync(a, version, Clock.GetUtcNow())),
            Record(() => other.SaveAsync(b, version, Clock.GetUtcNow())));

        Assert.Equal(1, results.Count(r => r is null));
        Assert.IsType<ConcurrencyConflictException>(Assert.Single(results, r => r is not null));
        var loserStore = results[0] is null ? other : Store;
        var fresh = (await loserStore.FindAsync(delivery.Id))!;
        await ApplyAsync(
            fresh, Dana, new AddRisk(results[0] is null ? "from B" : "from A", Level.Low, Level.Low, "m"), loserStore);
        var final = (await Store.FindAsync(delivery.Id))!;
        Assert.Equal(["from A", "from B"], final.State.Risks.Select(r => r.Description).Order());
        Assert.Equal(version + 2, final.Version);
    }

    [Fact]
    public async Task Thirty_two_writers_across_records_all_land()
    {
        var deliveries = new List<Delivery>();
        for (var i = 0; i < 32; i++) deliveries.Add(await NewAsync());

        await Task.WhenAll(deliveries.Select(d => Task.Run(async () =>
        {
            for (var n = 0; n < 5; n++) await ApplyAsync(d, Dana, new AddRisk($"risk {n}", Level.Low, Level.Low, "m"));
        })));

        foreach (var d in deliveries)
        {
            var loaded = (await Store.FindAsync(d.Id))!;
            Assert.Equal(6, loaded.Version);
            Assert.Equal(5, loaded.State.Risks.Count);
            Assert.Equal(6, (await Store.AuditAsync(d.Id)).Count(e => e.Action is "open-delivery" or "add-risk"));
        }
    }

    [Fact]
    public async Task A_command_id_is_found_with_its_delivery_and_answer()
    {
        var delivery = await NewAsync();
        var meta = Meta(Dana) with { CommandId = "activity-7" };
        var outcome = delivery.Execute(new AddRisk("r", Level.Low, Level.Low, "m"), meta);
        await Store.SaveAsync(delivery, 1, Clock.GetUtcNow());

        var found = await Store.FindCommandAsync("activity-7");

        Assert.Equal(new ProcessedCommand("activity-7", delivery.Id, 2, outcome.Message), found);
        Assert.Null(await Store.FindCommandAsync("activity-8"));
    }

    [Fact]
    public async Task A_second_delivery_opened_by_the_same_command_is_a_conflict_and_the_first_is_found()
    {
        var meta = Meta(Dana) with { CommandId = Delivery.OpeningFrom("tenant-contoso", "0f1e2d3c") };
        var first = Delivery.Open(await Store.NextDeliveryIdAsync(""), Scenario.SampleIntake(), meta);
        await Store.SaveAsync(first, 0, Clock.GetUtcNow());
        // another instance, at the same moment, from the same intake form
        var second = Delivery.Open(await Store.NextDeliveryIdAsync(""), Scenario.SampleIntake(), meta);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(
            () => Store.SaveAsync(second, 0, Clock.GetUtcNow()));

        Assert.Equal(first.Id, (await Store.FindCommandAsync(meta.CommandId))!.DeliveryId);
        Assert.Null(await Store.FindAsync(second.Id));
        // the same form id in another organisation is another form
        var elsewhere = Delivery.Open(
            await Store.NextDeliveryIdAsync("tenant-fabrikam"),
            Scenario.SampleIntake(),
            meta with { CommandId = Delivery.OpeningFrom("tenant-fabrikam", "0f1e2d3c") },
            "tenant-fabrikam");
        await Store.SaveAsync(elsewhere, 0, Clock.GetUtcNow());
        Assert.NotNull(await Store.FindAsync(elsewhere.Key));
    }

    [Fact]
    public async Task The_audit_trail_refuses_updates_and_deletes()
    {
        var delivery = await NewAsync();

        await Assert.ThrowsAnyAsync<DbException>(() => ExecRawAsync("UPDATE audit SET summary = 'rewritten'"));
        await Assert.ThrowsAnyAsync<DbException>(() => ExecRawAsync("DELETE FROM audit"));

        Assert.Equal(delivery.State.Audit, await Store.AuditAsync(delivery.Id));
    }

    [Fact]
    public async Task Mine_lists_a_persons_pending_actions_across_open_deliveries()
    {
        var intake = await NewAsync();
        var planned = await NewAsync(s => s.Planned());
        var closed = await NewAsync(s => { s.Reviewed(); s.Ok(Dana, new CloseDelivery()); return s; });

        var ivy = await Store.MineAsync("", [Ivy.Key]);
        var pablo = await Store.MineAsync("", [Pablo.Key, "mail:pablo@contoso.test"]);

        Assert.Equal(
            [(intake.Id, Role.ClientIntakeManager, Checks.ClientTimelineAcknowledged.Key)],
            ivy.Select(r => (r.DeliveryId, r.Role, r.CheckKey)));
        Assert.Equal(
            [(planned.Id, Checks.ScheduleAcknowledgedByPla.Key)], pablo.Select(r => (r.DeliveryId, r.CheckKey)));
        Assert.DoesNotContain(await Store.MineAsync("", [Dana.Key]), r => r.DeliveryId == closed.Id);
        Assert.Equal("Contoso Ltd", ivy[0].Client);
    }

    [Fact]
    public async Task The_role_and_pending_rows_are_the_records_after_every_save()
    {
        // a save deletes only the rows gone and writes only the new ones: what is stored must still be the record's
        var delivery = await NewAsync(s => s.ToHandover());
        await AssertIndexRowsAsync(delivery);
        foreach (var (who, command) in IndexRowSteps())
        {
            Clock.Advance(TimeSpan.FromMinutes(5));
            await ApplyAsync(delivery, who, command);
            await AssertIndexRowsAsync(delivery);
        }
    }

    [Fact]
    public async Task The_role_and_pending_rows_are_the_records_after_saves_by_instances_that_did_not_write_them()
    {
        // each save is by the other instance than the last: it reads the rows stored and writes only the difference
        var delivery = await NewAsync(s => s.ToHandover());
        var (other, _) = await SecondInstanceAsync();
        var saves = 0;
        foreach (var (who, command) in IndexRowSteps())
        {
            Clock.Advance(TimeSpan.FromMinutes(5));
            await ApplyAsync(delivery, who, command, saves++ % 2 == 0 ? other : Store);
            await AssertIndexRowsAsync(delivery);
        }
    }

    /// <summary>Saves that add and take away role and pending rows, one of them with a null column.</summary>
    private (Person Who, DeliveryCommand Command)[] IndexRowSteps() =>
    [
        // an action without a gate check (a null in the row) added, then gone as another comes
        (Diego, new DeclareIncident("Down", Severity.Sev1, "Intake", Clock.GetUtcNow(), IsOutage: true)),
        (Diego, new AcknowledgeIncident("I1")),
        (Dana, new AssignRole(Role.ProductionLineArchitect, Sam)),
        (Diego, new ResolveIncident("I1", "Restarted", "Leak")),
    ];

    private async Task AssertIndexRowsAsync(Delivery delivery)
    {
        var index = DeliveryIndex.Of(delivery, Clock.GetUtcNow());
        Assert.NotEmpty(index.Pending); // nothing owed would prove nothing
        Assert.Equal(
            index.Pending.Select(p => $"{p.PersonKey}|{p.Role}|{p.What}|{p.Since}|{p.CheckKey ?? "null"}")
                .Order(StringComparer.Ordinal),
            await RowsAsync(delivery.Key, "pending_actions",
                "person_key || '|' || role || '|' || what || '|' || since || '|' || COALESCE(check_key, 'null')"));
        Assert.Equal(
            index.People.Select(p => $"{p.PersonKey}|{p.Role}").Order(StringComparer.Ordinal),
            await RowsAsync(delivery.Key, "delivery_people", "person_key || '|' || role"));
    }

    /// <summary>One of the record's index tables, each row as one text, in order.</summary>
    private async Task<IEnumerable<string>> RowsAsync(string key, string table, string row)
    {
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        await using var query = connection.Sql($"SELECT {row} FROM {table} WHERE delivery_id = @id").With("@id", key);
        await using var r = await query.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await r.ReadAsync()) rows.Add(r.GetString(0));
        return rows.Order(StringComparer.Ordinal);
    }

    [Fact]
    public async Task Mine_follows_delegation_and_every_change()
    {
        var delivery = await NewAsync(s => s.Planned());
        await ApplyAsync(
            delivery, Pablo, new DelegateRole(Role.ProductionLineArchitect, Sam, new DateOnly(2026, 3, 6)));
        Assert.Single(await Store.MineAsync("", [Sam.Key]));

        await ApplyAsync(delivery, Sam, new AcknowledgeGate(Checks.ScheduleAcknowledgedByPla.Key));

        Assert.Empty(await Store.MineAsync("", [Sam.Key]));
        Assert.Empty(await Store.MineAsync("", [Pablo.Key]));
        Assert.Single(await Store.MineAsync("", [Diego.Key]));
    }

    [Fact]
    public async Task The_role_index_keeps_rows_a_save_leaves_alone_and_moves_those_it_changes()
    {
        var delivery = await NewAsync(s => s.Planned());
        await ApplyAsync(delivery, Pablo, new AcknowledgeGate(Checks.ScheduleAcknowledgedByPla.Key)); // roles untouched
        Assert.Contains(
            (delivery.Id, Role.ProductionLineArchitect),
            (await Store.ForPersonAsync("", [Pablo.Key])).Select(r => (r.DeliveryId, r.Role)));

        await ApplyAsync(delivery, Dana, new AssignRole(Role.ProductionLineArchitect, Sam));

        Assert.DoesNotContain(await Store.ForPersonAsync("", [Pablo.Key]), r => r.DeliveryId == delivery.Id);
        Assert.Equal(
            [(delivery.Id, Role.ProductionLineArchitect)],
            (await Store.ForPersonAsync("", [Sam.Key])).Select(r => (r.DeliveryId, r.Role)));
    }

    [Fact]
    public async Task Rows_kept_from_an_older_version_are_not_taken_for_what_another_instance_stored_since()
    {
        // This instance saved the record; another stored Pablo's delegation to Sam; this instance then saves the end of
        // that delegation (on the other's copy): the rows that come out are the very rows this instance wrote for its
        // own older version, but not the rows stored now, and Sam's must go.
        var delivery = await NewAsync(s => s.Planned());
        var (other, _) = await SecondInstanceAsync();
        var theirs = (await other.FindAsync(delivery.Id))!;
        await ApplyAsync(
            theirs, Pablo, new DelegateRole(Role.ProductionLineArchitect, Sam, new DateOnly(2026, 3, 6)), other);
        Assert.Single(await Store.MineAsync("", [Sam.Key]));

        await ApplyAsync(theirs, Pablo, new EndRoleDelegation(Role.ProductionLineArchitect));

        Assert.Empty(await Store.ForPersonAsync("", [Sam.Key]));
        Assert.Empty(await Store.MineAsync("", [Sam.Key]));
        Assert.Single(await Store.MineAsync("", [Pablo.Key]));
    }

    [Fact]
    public async Task A_save_that_changes_no_role_still_drops_a_delegate_whose_delegation_has_ended()
    {
        var delivery = await NewAsync(s => s.Planned());
        await ApplyAsync(
            delivery, Pablo, new DelegateRole(Role.ProductionLineArchitect, Sam, new DateOnly(2026, 3, 6)));
        Assert.Single(await Store.ForPersonAsync("", [Sam.Key]));

        Clock.Advance(TimeSpan.FromDays(7)); // the delegation ended on Friday
        await ApplyAsync(delivery, Dana, new AddRisk("after the delegation", Level.Low, Level.Low, "m"));

        Assert.Empty(await Store.ForPersonAsync("", [Sam.Key]));
        Assert.Empty(await Store.MineAsync("", [Sam.Key]));
        Assert.Single(await Store.MineAsync("", [Pablo.Key]));
    }

    [Fact]
    public async Task For_person_lists_roles_on_open_deliveries_only()
    {
        var open = await NewAsync();
        await NewAsync(s => { s.Reviewed(); s.Ok(Dana, new CloseDelivery()); return s; });

        var roles = await Store.ForPersonAsync("", [Dana.Key]);

        Assert.Equal([(open.Id, Role.DeliveryManager)], roles.Select(r => (r.DeliveryId, r.Role)));
    }

    [Fact]
    public async Task The_due_scan_finds_what_is_due_soonest_first_and_skips_closed_deliveries()
    {
        var early = await NewAsync();                      // a gate nudge due Tuesday 3 March 10:00
        var late = await NewAsync(s => s.Later(TimeSpan.FromDays(2)).Planned()); // shared on Wednesday: nudged Thursday
        await NewAsync(s => { s.Reviewed(); s.Ok(Dana, new CloseDelivery()); return s; });

        Assert.Empty(await Store.DueAsync(Scenario.Start, 10));
        var due = await Store.DueAsync(Scenario.Start.AddDays(30), 10);

        Assert.Equal([early.Id, late.Id], due);
        Assert.Single(await Store.DueAsync(Scenario.Start.AddDays(30), 1));
    }

    [Fact]
    public async Task The_due_scan_finds_a_closed_delivery_whose_review_follow_up_is_due_and_not_done()
    {
        var closed = await NewAsync(s =>
        {
            s.ToReview();
            s.Ok(Dana, new CompleteReview(
                ["Gates held"], ["Earlier QA"], [new FollowUp("Automate QA smoke", "qa", new DateOnly(2026, 3, 5))]));
            s.Ok(Dana, new CloseDelivery());
            return s;
        });

        Assert.Empty(await Store.DueAsync(Scenario.Start, 10));
        Assert.Equal([closed.Id], await Store.DueAsync(Scenario.Start.AddDays(3), 10));
    }

    [Fact]
    public async Task Lists_page_newest_first_and_filter_open_and_closed()
    {
        for (var i = 0; i < 5; i++) { await NewAsync(); Clock.Advance(TimeSpan.FromMinutes(1)); }
        var closed = await NewAsync(s => { s.Reviewed(); s.Ok(Dana, new CloseDelivery()); return s; });

        var first = await Store.ListAsync("", DeliveryFilter.Open, 1, 2);
        var last = await Store.ListAsync("", DeliveryFilter.Open, 3, 2);
        var closedOnly = await Store.ListAsync("", DeliveryFilter.Closed, 1, 10);

        Assert.Equal((5, 3), (first.Total, first.Pages));
        Assert.Equal(["D5", "D4"], first.Items.Select(i => i.Id));
        Assert.Equal(["D1"], last.Items.Select(i => i.Id));
        Assert.Equal([closed.Id], closedOnly.Items.Select(i => i.Id));
        Assert.True(closedOnly.Items[0].Closed);
        Assert.Equal(6, (await Store.ListAsync("", DeliveryFilter.All, 1, 50)).Total);
    }

    [Fact]
    public async Task The_metrics_read_an_organisations_open_deliveries_and_those_closed_or_changed_since()
    {
        var longAgo = Clock.GetUtcNow();
        var since = longAgo.AddDays(40);
        var open = await OfAsync("tenant-contoso", "Contoso Ltd", closed: false, savedAt: longAgo);
        await OfAsync("tenant-contoso", "Contoso closed long ago", closed: true, savedAt: longAgo);
        var recent = await OfAsync("tenant-contoso", "Contoso closed lately", closed: true, savedAt: since);
        await OfAsync("tenant-fabrikam", "Fabrikam Inc", closed: false, savedAt: since);
        await OfAsync("tenant-fabrikam", "Fabrikam closed lately", closed: true, savedAt: since.AddDays(1));

        var read = await Store.RecentRecordsAsync("Tenant-Contoso", since, limit: 10);

        Assert.Equal(
            [(recent.Id, "Contoso closed lately", "tenant-contoso"), (open.Id, "Contoso Ltd", "tenant-contoso")],
            read.Select(d => (d.Id, d.State.Client, d.State.TenantId)));
        Assert.Equal(open.State.Milestones, read[1].State.Milestones);
        Assert.True(read[0].IsClosed);
        Assert.Equal(
            [recent.Id], (await Store.RecentRecordsAsync("tenant-contoso", since, limit: 1)).Select(d => d.Id));
        Assert.Equal(
            ["Fabrikam closed lately", "Fabrikam Inc"],
            (await Store.RecentRecordsAsync("tenant-fabrikam", since, 10)).Select(d => d.State.Client));
        Assert.Empty(await Store.RecentRecordsAsync("tenant-northwind", since, 10));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => Store.RecentRecordsAsync("tenant-contoso", since, 0));
    }

    /// <summary>A planned delivery of <paramref name="tenant"/>, closed or open, last saved at
    /// <paramref name="savedAt"/>.</summary>
    private async Task<Delivery> OfAsync(string tenant, string client, bool closed, DateTimeOffset savedAt)
    {
        var id = await Store.NextDeliveryIdAsync(tenant);
        var state = Scenario.Opened().Planned().Delivery.State;
        var delivery = Delivery.Restore(state with
        {
            Id = id,
            TenantId = tenant,
            Client = client,
            ClosedAt = closed ? savedAt : null,
            Audit = [.. state.Audit.Select(e => e with { CommandId = $"{tenant}-{id}-{e.CommandId}" })],
        });
        await Store.ImportAsync([delivery], savedAt);
        return delivery;
    }

    [Fact]
    public async Task An_import_is_all_or_nothing()
    {
        var existing = await NewAsync();
        var fresh = Delivery.Restore(Scenario.Opened().Delivery.State with { Id = "D900" });

        await Assert.ThrowsAsync<ConcurrencyConflictException>(
            () => Store.ImportAsync([fresh, existing], Clock.GetUtcNow()));
        Assert.Null(await Store.FindAsync("D900"));

        await Store.ImportAsync([fresh], Clock.GetUtcNow());
        Assert.NotNull(await Store.FindAsync("D900"));
    }

    [Fact]
    public async Task Imported_records_are_kept_as_stored_and_a_change_to_one_moves_its_rows()
    {
        Clock.Advance(TimeSpan.FromTicks(1_234_567)); // not whole milliseconds: the audit table keeps milliseconds
        var planned = Scenario.Opened().Planned().Delivery.State;
        await Store.ImportAsync(
            [Delivery.Restore(planned with { Id = "D901" }), Delivery.Restore(planned with { Id = "D902" })],
            Clock.GetUtcNow());
        var (other, _) = await SecondInstanceAsync();

        var kept = (await Store.FindAsync("D901"))!;
        var read = (await other.FindAsync("D901"))!;
        Assert.Equal(DeliveryJson.Serialize(read.State), DeliveryJson.Serialize(kept.State));
        Assert.Equal(read.State.Audit, kept.State.Audit);

        await ApplyAsync(kept, Pablo, new AcknowledgeGate(Checks.ScheduleAcknowledgedByPla.Key));

        Assert.Equal(["D902"], (await Store.MineAsync("", [Pablo.Key])).Select(r => r.DeliveryId));
    }

    [Fact]
    public async Task Migrating_again_changes_nothing_and_a_newer_schema_is_refused()
    {
        var delivery = await NewAsync();

        Assert.Equal(Schema.Latest, await new Migrator(Database, Clock).MigrateAsync(CancellationToken.None));
        Assert.NotNull(await Store.FindAsync(delivery.Id));

        await ExecRawAsync("INSERT INTO schema_version (version, description, applied_at) VALUES (99, 'future', 0)");
        var refused = await Assert.ThrowsAsync<StorageUnavailableException>(
            () => new Migrator(Database, Clock).MigrateAsync(CancellationToken.None));
        Assert.Contains($"schema version 99, newer than this build knows ({Schema.Latest})", refused.Message);
    }

    [Fact]
    public async Task Each_organisation_has_its_own_numbering_and_sees_only_its_own_deliveries()
    {
        var contoso = Delivery.Restore(Scenario.Opened().Planned().Delivery.State with
        {
            Id = await Store.NextDeliveryIdAsync("Tenant-Contoso"),
            TenantId = "tenant-contoso",
        });
        var fabrikamId = await Store.NextDeliveryIdAsync("tenant-fabrikam");
        var fabrikam = Delivery.Restore(Scenario.Opened().Planned().Delivery.State with
        {
            Id = fabrikamId, TenantId = "tenant-fabrikam", Client = "Fabrikam Inc",
            Audit =
            [
                .. Scenario.Opened().Planned().Delivery.State.Audit
                    .Select(e => e with { CommandId = $"fabrikam-{e.CommandId}" }),
            ],
        });
        await Store.ImportAsync([contoso, fabrikam], Clock.GetUtcNow());

        // the tenant's case does not matter
        Assert.Equal(
            ("D1", "D1", "D2"), (contoso.Id, fabrikamId, await Store.NextDeliveryIdAsync("tenant-contoso")));
        Assert.Equal(("tenant-contoso/D1", "tenant-fabrikam/D1"), (contoso.Key, fabrikam.Key));
        Assert.Equal("Fabrikam Inc", (await Store.FindAsync("tenant-fabrikam/D1"))!.State.Client);
        Assert.Equal("tenant-fabrikam", (await Store.FindAsync("tenant-fabrikam/D1"))!.State.TenantId);
        Assert.Null(await Store.FindAsync("D1"));
        Assert.Equal(
            ["D1"], (await Store.ListAsync("tenant-fabrikam", DeliveryFilter.All, 1, 10)).Items.Select(d => d.Id));
        Assert.Equal(1, (await Store.ListAsync("tenant-contoso", DeliveryFilter.All, 1, 10)).Total);
        Assert.Equal(0, (await Store.ListAsync("tenant-northwind", DeliveryFilter.All, 1, 10)).Total);
        // Pablo owes the schedule acknowledgement on both: each organisation sees its own.
        Assert.Equal(
            [("D1", "Fabrikam Inc")],
            (await Store.MineAsync("tenant-fabrikam", [Pablo.Key])).Select(r => (r.DeliveryId, r.Client)));
        Assert.Equal(
            [("D1", "Contoso Ltd")],
            (await Store.MineAsync("tenant-contoso", [Pablo.Key])).Select(r => (r.DeliveryId, r.Client)).Distinct());
        Assert.All(
            await Store.ForPersonAsync("tenant-fabrikam", [Dana.Key]), r => Assert.Equal("Fabrikam Inc", r.Client));
        Assert.Empty(await Store.MineAsync("tenant-northwind", [Pablo.Key]));
        // the scheduler serves every organisation
        Assert.Equal(2, (await Store.DueAsync(Clock.GetUtcNow().AddDays(30), 10)).Count);
    }

    [Fact]
    public async Task The_migration_binds_each_older_delivery_to_the_organisation_of_its_cards_and_loses_nothing()
    {
        // A database as the build before tenant binding left it: D1 has a card in tenant A's chat, D2 has none.
        var old = await OpenAsync(fresh: true);
        Assert.Equal(4, await new Migrator(old, Clock).MigrateAsync(CancellationToken.None, upTo: 4));
        var d1 = Scenario.Opened().Planned().Delivery;
        var d2 = Delivery.Restore(Scenario.Opened().Delivery.State with { Id = "D2" });
        await old.WriteAsync(async (c, tx) =>
        {
            foreach (var d in new[] { d1, d2 })
            {
                await using (var row = c.Sql("""
                    INSERT INTO deliveries (id, version, client, talent, status, stage, closed, next_due_at, created_at,
                                            updated_at, doc)
                    VALUES (@id, @v, 'Contoso Ltd', 'Agent', 'Planning', 2, @closed, 0, 0, 0, @doc)
                    """, tx).With("@id", d.Id).With("@v", d.Version).With("@closed", false))
                {
                    old.Dialect.AddJson(row, "@doc", DeliveryJson.Serialize(d.State));
                    await row.ExecuteNonQueryAsync();
                }
                foreach (var e in d.State.Audit)
                {
                    await using var audit = c.Sql("""
                        INSERT INTO audit (delivery_id, version, at, actor, command_id, source, action, summary)
                        VALUES (@id, @v, 0, @actor, @cmd, 'old', @action, 'old entry')
                        """, tx)
                        .With("@id", d.Id).With("@v", e.Version).With("@cmd", $"{d.Id}-{e.CommandId}")
                        .With("@action", e.Action);
                    old.Dialect.AddJson(audit, "@actor", DeliveryJson.Serialize(e.Actor));
                    await audit.ExecuteNonQueryAsync();
                }
            }
            foreach (var sql in LegacyRows)
            {
                await using var command = c.Sql(sql, tx).With("@false", false);
                await command.ExecuteNonQueryAsync();
            }
            return 0;
        }, CancellationToken.None);

        Assert.Equal(Schema.Latest, await new Migrator(old, Clock).MigrateAsync(CancellationToken.None));

        var store = new SqlDeliveryStore(old);
        var bound = await store.FindAsync("tenant-a/D1");
        Assert.NotNull(bound);
        Assert.Equal(
            ("tenant-a", "D1", d1.State.Audit.Count), (bound.State.TenantId, bound.Id, bound.State.Audit.Count));
        Assert.Null(await store.FindAsync("D1"));
        // no card says where it lives: it stays unbound
        Assert.Equal("", (await store.FindAsync("D2"))!.State.TenantId);
        Assert.Equal("D1", Assert.Single(await store.MineAsync("tenant-a", [Pablo.Key])).DeliveryId);
        Assert.Single(await store.ForPersonAsync("tenant-a", ["oid-pablo"]));
        Assert.Equal(
            "19:chat",
            Assert.Single(await new SqlConversationStore(old).PostedCardsAsync("tenant-a/D1")).ConversationId);
        Assert.Equal(
            "k-1", Assert.Single(await new SqlOutbox(old).ForDeliveryAsync("tenant-a/D1")).Message.IdempotencyKey);
        Assert.Equal("D3", await store.NextDeliveryIdAsync("tenant-a")); // after every id the shared counter handed out
        Assert.Equal("D3", await store.NextDeliveryIdAsync(""));
        // The audit trail refuses changes again.
        await using var connection = await old.OpenAsync(CancellationToken.None);
        await using var change = connection.Sql("UPDATE audit SET summary = 'rewritten'");
        await Assert.ThrowsAnyAsync<DbException>(() => change.ExecuteNonQueryAsync());
    }

    /// <summary>The index, card and outbox rows of D1 as the build before tenant binding wrote them.</summary>
    private static readonly string[] LegacyRows =
    [
        "INSERT INTO delivery_people (delivery_id, person_key, role) " +
        "VALUES ('D1', 'oid-pablo', 'ProductionLineArchitect')",
        "INSERT INTO pending_actions (delivery_id, person_key, role, what, since, check_key) " +
        "VALUES ('D1', 'oid-pablo', 'ProductionLineArchitect', 'Acknowledge the schedule', 0, NULL)",
        "INSERT INTO posted_cards " +
        "(delivery_id, activity_id, conversation_id, service_url, tenant_id, template, focus, posted_at) " +
        "VALUES ('D1', 'm-1', '19:chat', 'https://smba.example/', 'Tenant-A', 'status', '', 5)",
        "INSERT INTO outbox (idempotency_key, delivery_id, recipient_key, kind, payload, due_at, attempts, dead) " +
        "VALUES ('k-1', 'D1', 'delivery:D1', 'redraw', '{}', 0, 0, @false)",
        "UPDATE counters SET value = 2 WHERE name = 'delivery'",
    ];

    internal async Task ExecRawAsync(string sql)
    {
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        await using var command = connection.Sql(sql);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<Exception?> Record(Func<Task> action)
    {
        try { await action(); return null; }
        catch (Exception e) { return e; }
    }
}
