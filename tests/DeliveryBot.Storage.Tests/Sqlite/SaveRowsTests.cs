using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Record;
using DeliveryBot.TestKit;
using Microsoft.Data.Sqlite;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Storage.Tests.Sqlite;

/// <summary>
/// A save writes only the index rows that differ from those its instance wrote for the version it replaces. Seen
/// through SQLite's rowids: a row deleted and inserted again gets a new one (above the largest in the table, so each
/// test saves a neighbour after its delivery: the table's last rows are never the ones rewritten).
/// </summary>
public sealed class SaveRowsTests : SqliteStoreFixture
{
    [Fact]
    public async Task A_gate_decision_deletes_only_the_action_it_settles_and_leaves_the_role_rows_alone()
    {
        var delivery = await PlannedAsync();
        await PlannedAsync();
        var people = await RowIdsAsync("delivery_people", delivery.Id);
        var pending = await RowIdsAsync("pending_actions", delivery.Id);
        var settled = await RowIdAsync("pending_actions", delivery.Id, Checks.ScheduleAcknowledgedByPla.Key);

        await ApplyAsync(delivery, Pablo, new AcknowledgeGate(Checks.ScheduleAcknowledgedByPla.Key));

        Assert.Equal(people, await RowIdsAsync("delivery_people", delivery.Id));
        // the deployment lead's row stays where it was (a row deleted and written again would come after the
        // neighbour's)
        Assert.Equal(pending.Where(id => id != settled), await RowIdsAsync("pending_actions", delivery.Id));
        Assert.DoesNotContain(await Store.MineAsync("", [Pablo.Key]), r => r.DeliveryId == delivery.Id);
    }

    [Fact]
    public async Task A_record_this_instance_only_loaded_is_saved_by_the_difference_with_the_rows_stored()
    {
        var delivery = await PlannedAsync();
        await PlannedAsync();
        var (other, _) = await SecondInstanceAsync();
        var theirs = (await other.FindAsync(delivery.Id))!;
        var people = await RowIdsAsync("delivery_people", delivery.Id);
        var pending = await RowIdsAsync("pending_actions", delivery.Id);
        var settled = await RowIdAsync("pending_actions", delivery.Id, Checks.ScheduleAcknowledgedByPla.Key);

        await ApplyAsync(theirs, Pablo, new AcknowledgeGate(Checks.ScheduleAcknowledgedByPla.Key), other);

        // it kept nothing of this record's rows, so it read them in its save: the others stay where they were
        Assert.Equal(people, await RowIdsAsync("delivery_people", delivery.Id));
        Assert.Equal(pending.Where(id => id != settled), await RowIdsAsync("pending_actions", delivery.Id));
        Assert.Equal(
            (await Store.ForPersonAsync("", [Pablo.Key, Dana.Key])).Select(r => (r.DeliveryId, r.Role)),
            (await other.ForPersonAsync("", [Pablo.Key, Dana.Key])).Select(r => (r.DeliveryId, r.Role)));
    }

    [Fact]
    public async Task A_save_sets_only_the_indexed_columns_whose_values_changed()
    {
        // SQLite rewrites an index's entry whenever an update names one of its columns, changed or not: an
        // "UPDATE OF" trigger fires on exactly the columns named
        var delivery = await PlannedAsync();
        await ExecAsync("""
            CREATE TABLE columns_set (name TEXT NOT NULL);
            CREATE TRIGGER set_closed AFTER UPDATE OF closed ON deliveries
                BEGIN INSERT INTO columns_set VALUES ('closed'); END;
            CREATE TRIGGER set_due AFTER UPDATE OF next_due_at ON deliveries
                BEGIN INSERT INTO columns_set VALUES ('next_due_at'); END;
            CREATE TRIGGER set_window AFTER UPDATE OF window_start, window_end ON deliveries
                BEGIN INSERT INTO columns_set VALUES ('window'); END;
            """);

        await ApplyAsync(delivery, Dana, new AddRisk("noted", Level.Low, Level.Low, "watch it"));
        Assert.Empty(await ColumnsSetAsync());

        // an instance that did not write the stored row reads it in its save, and sets none either
        var (other, _) = await SecondInstanceAsync();
        var theirs = (await other.FindAsync(delivery.Id))!;
        await ApplyAsync(theirs, Dana, new AddRisk("noted too", Level.Low, Level.Low, "watch it"), other);
        Assert.Empty(await ColumnsSetAsync());
    }

    [Fact]
    public async Task The_document_is_stored_as_text_any_sqlite_tool_reads_as_json()
    {
        // written as UTF-8 bytes and cast to TEXT: it must stay text, in the database's UTF-8, not become a blob
        const string client = "Zoë & Søn — “Ünïcode” \\ ✓ 🚀";
        var s = TestKit.Scenario.Opened().Planned();
        var id = await Store.NextDeliveryIdAsync("");
        var delivery = Delivery.Restore(s.Delivery.State with
        {
            Id = id,
            Client = client,
            Audit = [.. s.Delivery.State.Audit.Select(e => e with { CommandId = $"{id}-{e.CommandId}" })],
        });
        await Store.SaveAsync(delivery, 0, Clock.GetUtcNow());
        Assert.Equal(("text", 1L, client), await DocumentAsync(id));

        await ApplyAsync(delivery, Pablo, new AcknowledgeGate(Checks.ScheduleAcknowledgedByPla.Key));
        Assert.Equal(("text", 1L, client), await DocumentAsync(id));
        var (other, _) = await SecondInstanceAsync(); // reads the stored bytes, not a kept copy
        var read = (await other.FindAsync(id))!;
        Assert.Equal((client, delivery.Version), (read.State.Client, read.Version));
    }

    [Fact]
    public async Task The_document_is_stored_in_whole_kilobytes_of_the_same_json()
    {
        // padded with spaces, so most saves keep its length and SQLite overwrites the row in place
        var delivery = await PlannedAsync();
        await ApplyAsync(delivery, Pablo, new AcknowledgeGate(Checks.ScheduleAcknowledgedByPla.Key));

        await using var connection = new SqliteConnection($"Data Source={File.Path}");
        await connection.OpenAsync();
        await using var query = connection.CreateCommand();
        query.CommandText = "SELECT length(CAST(doc AS BLOB)), rtrim(doc, ' ') FROM deliveries WHERE id = @id";
        query.Parameters.AddWithValue("@id", delivery.Id);
        await using var r = await query.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync());
        Assert.Equal(0, r.GetInt64(0) % 1024);
        Assert.Equal(Storage.Json.DeliveryJson.Serialize(delivery.State), r.GetString(1));
        var (other, _) = await SecondInstanceAsync();
        Assert.Equal(
            Storage.Json.DeliveryJson.Serialize(delivery.State),
            Storage.Json.DeliveryJson.Serialize((await other.FindAsync(delivery.Id))!.State));
    }

    [Fact]
    public async Task Documents_of_one_length_saved_one_after_another_each_keep_their_own_bytes()
    {
        // a thread writes each document into the array it kept for that length (the same array for the same length,
        // as below), and SQLite copies it as it binds it: two records of one length, saved one after the other and
        // then both at once, each read back as it was saved
        var again = Storage.Json.DeliveryJson.SerializeForBinding(Scenario.Opened().Delivery.State, 1024);
        Assert.Same(again, Storage.Json.DeliveryJson.SerializeForBinding(Scenario.Opened().Delivery.State, 1024));
        Assert.NotSame(again, Storage.Json.DeliveryJson.SerializeForBinding(Scenario.Opened().Delivery.State, 0));
        var first = await NewAsync(s => s.Planned());
        var second = await NewAsync(s => s.Planned());
        await ApplyAsync(first, Pablo, new AcknowledgeGate(Checks.ScheduleAcknowledgedByPla.Key));
        await ApplyAsync(second, Pablo, new AcknowledgeGate(Checks.ScheduleAcknowledgedByPla.Key));
        await Task.WhenAll(
            ApplyAsync(first, Diego, new AcknowledgeGate(Checks.ScheduleAcknowledgedByDeployment.Key)),
            ApplyAsync(second, Diego, new AcknowledgeGate(Checks.ScheduleAcknowledgedByDeployment.Key)));

        Assert.Equal(await LengthAsync(first.Id), await LengthAsync(second.Id));
        var (other, _) = await SecondInstanceAsync();
        foreach (var delivery in new[] { first, second })
            Assert.Equal(
                Storage.Json.DeliveryJson.Serialize(delivery.State),
                Storage.Json.DeliveryJson.Serialize((await other.FindAsync(delivery.Id))!.State));
    }

    private async Task<long> LengthAsync(string id)
    {
        await using var connection = new SqliteConnection($"Data Source={File.Path}");
        await connection.OpenAsync();
        await using var query = connection.CreateCommand();
        query.CommandText = "SELECT length(CAST(doc AS BLOB)) FROM deliveries WHERE id = @id";
        query.Parameters.AddWithValue("@id", id);
        return (long)(await query.ExecuteScalarAsync())!;
    }

    private async Task<(string Type, long Valid, string Client)> DocumentAsync(string id)
    {
        await using var connection = new SqliteConnection($"Data Source={File.Path}");
        await connection.OpenAsync();
        await using var query = connection.CreateCommand();
        query.CommandText =
            "SELECT typeof(doc), json_valid(doc), json_extract(doc, '$.client') FROM deliveries WHERE id = @id";
        query.Parameters.AddWithValue("@id", id);
        await using var r = await query.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync());
        return (r.GetString(0), r.GetInt64(1), r.GetString(2));
    }

    private Task<Delivery> PlannedAsync() => NewAsync(s => s.Planned());

    private async Task ExecAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={File.Path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The columns the updates since the last look named (taken: each look reads afresh).</summary>
    private async Task<List<string>> ColumnsSetAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={File.Path}");
        await connection.OpenAsync();
        var names = new List<string>();
        await using (var query = connection.CreateCommand())
        {
            query.CommandText = "SELECT name FROM columns_set ORDER BY name";
            await using var r = await query.ExecuteReaderAsync();
            while (await r.ReadAsync()) names.Add(r.GetString(0));
        }
        await using var clear = connection.CreateCommand();
        clear.CommandText = "DELETE FROM columns_set";
        await clear.ExecuteNonQueryAsync();
        return names;
    }

    private async Task<long> RowIdAsync(string table, string deliveryId, string checkKey)
    {
        await using var connection = new SqliteConnection($"Data Source={File.Path}");
        await connection.OpenAsync();
        await using var query = connection.CreateCommand();
        query.CommandText = $"SELECT rowid FROM {table} WHERE delivery_id = @id AND check_key = @check";
        query.Parameters.AddWithValue("@id", deliveryId);
        query.Parameters.AddWithValue("@check", checkKey);
        return (long)(await query.ExecuteScalarAsync())!;
    }

    private async Task<List<long>> RowIdsAsync(string table, string deliveryId)
    {
        await using var connection = new SqliteConnection($"Data Source={File.Path}");
        await connection.OpenAsync();
        await using var query = connection.CreateCommand();
        query.CommandText = $"SELECT rowid FROM {table} WHERE delivery_id = @id ORDER BY rowid";
        query.Parameters.AddWithValue("@id", deliveryId);
        await using var r = await query.ExecuteReaderAsync();
        var ids = new List<long>();
        while (await r.ReadAsync()) ids.Add(r.GetInt64(0));
        Assert.NotEmpty(ids); // a table with no rows would prove nothing
        return ids;
    }
}
