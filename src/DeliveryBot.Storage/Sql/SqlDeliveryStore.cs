using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Data.Common;
using System.Globalization;
using DeliveryBot.Application.Storage;
using DeliveryBot.Application.Telemetry;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Metrics;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using DeliveryBot.Storage.Json;

namespace DeliveryBot.Storage.Sql;

/// <summary>
/// Delivery records as documents with indexed columns, on SQLite or PostgreSQL. The audit trail is its own
/// append-only table (the database refuses updates and deletes on it) and also answers "was this command
/// already applied?" across deliveries. Records read or saved lately are kept (<see cref="RecordCache"/>) and served
/// again only while the stored version is still theirs.
/// </summary>
internal sealed class SqlDeliveryStore(Database database, RecordCache? cache = null) : IDeliveryStore
{
    private readonly RecordCache _cache = cache ?? new RecordCache();

    /// <summary>A record's first save; the document read as the dialect binds it (see SqlDialect.AddJson).</summary>
    private readonly string _insert = $"""
        INSERT INTO deliveries (id, tenant_id, version, client, talent, status, stage, closed, next_due_at,
                                created_at, updated_at, doc, window_start, window_end)
        VALUES (@id, @tenant, @version, @client, @talent, @status, @stage, @closed, @due, @now, @now,
                {database.Dialect.JsonValue("@doc")}, @window_start, @window_end)
        """;

    /// <summary>
    /// Any later save, while the stored version is the one it read: one text for each set of indexed columns it
    /// writes, made on first use.
    /// </summary>
    private readonly string?[] _updates = new string?[(int)IndexedColumns.All + 1];

    private string UpdateText(IndexedColumns set) => _updates[(int)set] ??= $"""
        UPDATE deliveries SET version = @version, client = @client, talent = @talent, status = @status,
               stage = @stage, updated_at = @now, doc = {database.Dialect.JsonValue("@doc")}
               {(set.HasFlag(IndexedColumns.Closed) ? ", closed = @closed" : "")}
               {(set.HasFlag(IndexedColumns.NextDue) ? ", next_due_at = @due" : "")}
               {(set.HasFlag(IndexedColumns.Window) ? ", window_start = @window_start, window_end = @window_end" : "")}
        WHERE id = @id AND version = @expected
        """;

    /// <summary>
    /// The indexed columns a save must set: those whose value differs from what <paramref name="stored"/> says the
    /// stored row holds, all of them when that is unknown. SQLite rewrites the entries of every index holding a column
    /// an update sets, whatever its value: setting <c>closed</c>, <c>next_due_at</c> and the window on every save wrote
    /// two to five index pages more to the log, where a click changes the due time at most.
    /// </summary>
    private static IndexedColumns ToSet(DeliveryIndex? stored, DeliveryIndex index)
        => stored is null ? IndexedColumns.All
            : (stored.Closed != index.Closed ? IndexedColumns.Closed : 0)
            | (stored.NextDueAt != index.NextDueAt ? IndexedColumns.NextDue : 0)
            | (stored.Window != index.Window ? IndexedColumns.Window : 0);

    [Flags]
    private enum IndexedColumns
    {
        Closed = 1,
        NextDue = 2,
        Window = 4,
        All = Closed | NextDue | Window,
    }

    private const string SummaryColumns =
        "d.id, d.client, d.talent, d.status, d.stage, d.version, d.updated_at, d.closed";

    public Task<string> NextDeliveryIdAsync(string tenantId, CancellationToken ct = default)
        => database.WriteAsync(async (c, tx) =>
        {
            // One counter per organisation ("delivery" where none is known, as before deliveries were bound to one).
            var counter = DeliveryKey.Tenant(tenantId) is { Length: > 0 } tenant ? $"delivery:{tenant}" : "delivery";
            await using var next = c.Sql(
                "INSERT INTO counters (name, value) VALUES (@name, 1) " +
                "ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value", tx)
                .With("@name", counter);
            return $"D{Convert.ToInt64(
                await next.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture)}";
        }, ct);

    public Task<Delivery?> FindAsync(string deliveryKey, CancellationToken ct = default)
        => database.ReadAsync(async c =>
        {
            var kept = _cache.Find(deliveryKey);
            DeliveryState state;
            int documentBytes;
            // The document and the organisation only when the kept copy is not of the stored version. Both come after
            // the version in the row, the organisation after the document's overflow pages: asked for, SQLite reads
            // each of those pages to reach it.
            await using (var find = c.Sql(
                    "SELECT CASE WHEN version = @kept THEN NULL ELSE doc END, " +
                    "CASE WHEN version = @kept THEN NULL ELSE tenant_id END FROM deliveries WHERE id = @id")
                .With("@id", deliveryKey).With("@kept", kept?.State.Version ?? -1))
            await using (var r = await find.ExecuteReaderAsync(ct))
            {
                if (!await r.ReadAsync(ct))
                {
                    _cache.Forget(deliveryKey);
                    return null;
                }
                if (r.IsDBNull(0)) return Delivery.Restore(kept!.State);
                // The column says whose the record is (a record from before the binding has it only there).
                state = database.Dialect.ReadDocument(r, 0, out documentBytes) with { TenantId = r.GetString(1) };
            }
            DeliveryTelemetry.RecordsParsed.Add(1);
            state = state with { Audit = [.. await ReadAuditAsync(c, deliveryKey, ct)] };
            _cache.Keep(deliveryKey, state, documentBytes);
            return Delivery.Restore(state);
        }, ct);

    /// <summary>The kept copy, unchecked (<see cref="IDeliveryStore.FindKept"/>).</summary>
    public Delivery? FindKept(string deliveryKey)
        => _cache.Find(deliveryKey) is { } kept ? Delivery.Restore(kept.State) : null;

    public Task<bool> IsStoredVersionAsync(string deliveryKey, long version, CancellationToken ct = default)
        => database.ReadAsync(async c =>
        {
            await using var find = c.Sql("SELECT version FROM deliveries WHERE id = @id").With("@id", deliveryKey);
            var stored = await find.ExecuteScalarAsync(ct);
            if (stored is not null && Convert.ToInt64(stored, CultureInfo.InvariantCulture) == version) return true;
            _cache.Forget(deliveryKey); // a copy of another version is of no use to anyone
            return false;
        }, ct);

    public Task SaveAsync(Delivery delivery, long expectedVersion, DateTimeOffset now, CancellationToken ct = default)
        => SaveAsync(delivery, expectedVersion, now, messages: [], lease: null, ct);

    public async Task<IReadOnlyList<OutboxItem>> SaveAsync(
        Delivery delivery,
        long expectedVersion,
        DateTimeOffset now,
        IReadOnlyCollection<OutboxMessage> messages,
        OutboxLease? lease = null,
        CancellationToken ct = default)
    {
        var key = delivery.Key;
        try
        {
            WrittenRows? rows = null;
            var written = await database.WriteAsync<IReadOnlyList<OutboxItem>>(async (c, tx) =>
            {
                rows = await WriteAsync(c, tx, delivery, expectedVersion, now, RowsAt(key, expectedVersion), ct);
                var written = new List<OutboxItem>(messages.Count);
                foreach (var message in messages)
                    if (await SqlOutbox.InsertAsync(c, tx, message, lease, ct) is { } id)
                        written.Add(new OutboxItem(
                            Id: id,
                            Message: message,
                            Attempts: lease is null ? 0 : 1,
                            State: OutboxState.Pending,
                            SentAt: null,
                            LastError: null));
                return written;
            }, ct);
            // committed: the stored record is now this one, as a load would give it back (an audit entry's instant is
            // made to the millisecond the audit table keeps, AuditEntry.At), with the rows beside it
            _cache.Keep(key, delivery.State, rows!.DocumentBytes, rows);
            return written;
        }
        catch
        {
            _cache.Forget(key);
            throw;
        }
    }

    /// <summary>
    /// The rows stored beside <paramref name="key"/>'s record at <paramref name="version"/>, when this process's save
    /// wrote them: none for a record not stored yet; unknown (null: the save reads them) when the kept copy is of
    /// another version or came from a load. Only the save that made a version writes its rows, and a save goes ahead
    /// only while the stored version is the one it expects, so rows kept for that version are the rows in the
    /// database.
    /// </summary>
    private WrittenRows? RowsAt(string key, long version)
        => version == 0 ? WrittenRows.None
            : _cache.Find(key) is { Rows: { } rows } kept && kept.State.Version == version ? rows
            : null;

    public async Task ImportAsync(
        IReadOnlyCollection<Delivery> deliveries, DateTimeOffset now, CancellationToken ct = default)
    {
        var rows = await database.WriteApartAsync(async (c, tx) => // thousands of statements: not in a savepoint
        {
            var written = new WrittenRows[deliveries.Count];
            var i = 0;
            foreach (var delivery in deliveries)
                written[i++] = await WriteAsync(c, tx, delivery, expectedVersion: 0, now, WrittenRows.None, ct);
            return written;
        }, ct);
        // committed, all of them: kept as any save of this process is
        foreach (var (delivery, written) in deliveries.Zip(rows))
            _cache.Keep(delivery.Key, delivery.State, written.DocumentBytes, written);
    }

    /// <summary>
    /// Writes the record and the rows beside it, and returns those rows. <paramref name="before"/>: the rows stored
    /// now, when known (else the index rows are read here); a table whose rows would come out the same is left alone.
    /// </summary>
    private async Task<WrittenRows> WriteAsync(
        DbConnection c,
        DbTransaction tx,
        Delivery delivery,
        long expectedVersion,
        DateTimeOffset now,
        WrittenRows? before,
        CancellationToken ct)
    {
        var state = delivery.State;
        if (state.Version <= expectedVersion)
            throw new ArgumentException(
                "A save must carry a newer version than the one it read.", nameof(expectedVersion));
        var index = DeliveryIndex.Of(delivery, now);
        var key = delivery.Key;
        var stored = before?.Index ?? (expectedVersion == 0 ? null : await StoredIndexAsync(c, tx, key, ct));
        var set = expectedVersion == 0 ? IndexedColumns.All : ToSet(stored, index);
        int documentBytes;
        await using (var write = c.Sql(expectedVersion == 0 ? _insert : UpdateText(set), tx)
            .With("@id", key).With("@version", state.Version)
            .With("@client", state.Client).With("@talent", state.DigitalTalent)
            .With("@status", delivery.Status.ToString()).With("@stage", (int)delivery.CurrentStage)
            .With("@now", now.Millis()))
        {
            // only the values the statement names (a kept statement is given each use's values in order)
            if (expectedVersion == 0) write.With("@tenant", state.TenantId);
            else write.With("@expected", expectedVersion);
            if (set.HasFlag(IndexedColumns.Closed)) write.With("@closed", index.Closed);
            if (set.HasFlag(IndexedColumns.NextDue)) write.With("@due", index.NextDueAt?.Millis());
            if (set.HasFlag(IndexedColumns.Window))
                write.With("@window_start", index.Window?.Start).With("@window_end", index.Window?.End);
            var dialect = database.Dialect;
            // bound as the statement runs, just below: before this thread serializes another document into the array
            var document = DeliveryJson.SerializeForBinding(state, dialect.DocumentBlock);
            documentBytes = document.Length;
            dialect.AddJson(write, "@doc", document);
            try
            {
                if (await write.ExecuteNonQueryAsync(ct) == 0)
                    throw new ConcurrencyConflictException(key, expectedVersion);
            }
            catch (DbException e) when (database.Dialect.IsUniqueViolation(e))
            {
                throw new ConcurrencyConflictException(key, expectedVersion);
            }
        }
        // The command that opened a delivery opens only that one: a second instance opening from the same intake form
        // at the same moment loses here and answers with the first one's delivery.
        if (expectedVersion == 0
            && state.Audit.Find(e => e.Action == Delivery.OpenAction) is { } opening
            && Delivery.IsOpeningFromForm(opening.CommandId))
        {
            try
            {
                await ExecAsync(c, tx,
                    sql: "INSERT INTO opened_commands (command_id, delivery_id) VALUES (@cmd, @id)",
                    ct, ("@cmd", opening.CommandId), ("@id", key));
            }
            catch (DbException e) when (database.Dialect.IsUniqueViolation(e))
            {
                throw new ConcurrencyConflictException(key, expectedVersion);
            }
        }

        var facts = await MetricFactRows.WriteAsync(c, tx, delivery, before?.Facts, ct);
        // the rows' values by static lambdas given the key: a lambda capturing it made a closure and delegates per save
        var people = await ReplaceRowsAsync(c, tx, key, "delivery_people", "delivery_id, person_key, role",
            index.People, stored?.People, static (key, p) => [key, p.PersonKey, p.Role.ToString()], ct);
        var pending = await ReplaceRowsAsync(c, tx, key, "pending_actions",
            "delivery_id, person_key, role, what, since, check_key", index.Pending, stored?.Pending,
            static (key, p) => [key, p.PersonKey, p.Role.ToString(), p.What, p.Since, p.CheckKey], ct);
        await RowsInsert.WriteAsync(c, tx, database.Dialect,
            table: "audit",
            columns: "delivery_id, version, at, actor, command_id, source, action, summary",
            rows: AuditRows(key, state.Audit, after: expectedVersion),
            then: "",
            ct);
        // What the record cache keeps of this save outlives the collections that come before the next one: the rows
        // as they were stored before, wherever they are the same, so what the save made for the comparison dies young.
        var written = stored is not null && set == 0 && ReferenceEquals(people, stored.People)
            && ReferenceEquals(pending, stored.Pending)
            ? stored
            : index with { People = people, Pending = pending };
        return new WrittenRows(written, facts, documentBytes);
    }

    /// <summary>
    /// The audit table's rows for the entries a save adds: those past the version it read, at the end of the trail (a
    /// trail only grows, each command's entries after the last's), found from there rather than by walking it all.
    /// </summary>
    private static object?[][] AuditRows(string key, ImmutableList<AuditEntry> audit, long after)
    {
        var first = audit.Count;
        while (first > 0 && audit[first - 1].Version > after) first--;
        var rows = new object?[audit.Count - first][];
        for (var i = first; i < audit.Count; i++)
        {
            var e = audit[i];
            rows[i - first] =
            [
                key,
                e.Version,
                e.At.Millis(),
                new RowsInsert.Json(DeliveryJson.Serialize(e.Actor)),
                e.CommandId,
                e.Source,
                e.Action,
                e.Summary,
            ];
        }
        return rows;
    }

    /// <summary>
    /// The indexed columns and index rows stored beside a record, read in the save's transaction when no kept copy says
    /// what they are (the record was loaded here, not saved here, or not kept), so that save too writes only what
    /// differs. Read before the update that checks the version: had another save come in between, that update fails
    /// and nothing read here is used. Null (write them all) when the record is not there or a row does not read.
    /// </summary>
    private static async Task<DeliveryIndex?> StoredIndexAsync(
        DbConnection c, DbTransaction tx, string key, CancellationToken ct)
    {
        bool closed;
        DateTimeOffset? due;
        (int Start, int End)? window;
        await using (var columns = c.Sql(
                "SELECT closed, next_due_at, window_start, window_end FROM deliveries WHERE id = @id", tx)
            .With("@id", key))
        await using (var r = await columns.ExecuteReaderAsync(ct))
        {
            if (!await r.ReadAsync(ct)) return null;
            closed = r.GetBoolean(0);
            due = r.IsDBNull(1) ? null : CommandExtensions.FromMillis(r.GetInt64(1));
            window = r.IsDBNull(2) || r.IsDBNull(3) ? null : (r.GetInt32(2), r.GetInt32(3));
        }
        var people = new List<(string PersonKey, Role Role)>();
        await using (var rows = c.Sql("SELECT person_key, role FROM delivery_people WHERE delivery_id = @id", tx)
            .With("@id", key))
        await using (var r = await rows.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
            {
                if (RoleNamed(r.GetString(1)) is not { } role) return null;
                people.Add((r.GetString(0), role));
            }
        var pending = new List<PendingRow>();
        await using (var rows = c.Sql(
                "SELECT person_key, role, what, since, check_key FROM pending_actions WHERE delivery_id = @id", tx)
            .With("@id", key))
        await using (var r = await rows.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
            {
                if (RoleNamed(r.GetString(1)) is not { } role) return null;
                pending.Add(new PendingRow(
                    r.GetString(0), role, r.GetString(2), r.GetInt64(3), r.IsDBNull(4) ? null : r.GetString(4)));
            }
        return new DeliveryIndex(people, pending, due, closed, window);
    }

    /// <summary>A role as the index rows store it (its name), or null.</summary>
    private static Role? RoleNamed(string name)
        => Enum.TryParse<Role>(name, out var role) && role.ToString() == name ? role : null;

    /// <summary>
    /// One of the record's index tables set to <paramref name="rows"/>: left alone when they are the rows
    /// <paramref name="stored"/> says are there, else only the rows gone deleted and the new ones written
    /// (<see cref="RowChanges"/>); with nothing known of what is stored, its rows deleted and written again.
    /// </summary>
    /// <remarks>
    /// <paramref name="values"/> gives a row's columns in <paramref name="columns"/>' order, the record's key first.
    /// </remarks>
    private async Task<IReadOnlyList<T>> ReplaceRowsAsync<T>(
        DbConnection c,
        DbTransaction tx,
        string key,
        string table,
        string columns,
        IReadOnlyList<T> rows,
        IReadOnlyList<T>? stored,
        Func<string, T, object?[]> values,
        CancellationToken ct)
    {
        // the stored list when it is the same: the record cache keeps what this returns, and the new copy dies young
        if (stored is not null && stored.SequenceEqual(rows)) return stored;
        if (stored is not null && RowChanges.TryOf(stored, rows, out var gone, out var added))
        {
            foreach (var row in gone) await DeleteRowAsync(c, tx, table, columns, values(key, row), ct);
            await RowsInsert.WriteAsync(c, tx, database.Dialect, table, columns, Values(key, added, values), "", ct);
            return rows;
        }
        if (stored is not { Count: 0 })
            await ExecAsync(c, tx, sql: $"DELETE FROM {table} WHERE delivery_id = @id", ct, ("@id", key));
        await RowsInsert.WriteAsync(c, tx, database.Dialect, table, columns, Values(key, rows, values), then: "", ct);
        return rows;

        static object?[][] Values(string key, IReadOnlyList<T> these, Func<string, T, object?[]> values)
        {
            var made = new object?[these.Count][];
            for (var i = 0; i < made.Length; i++) made[i] = values(key, these[i]);
            return made;
        }
    }

    /// <summary>
    /// Deletes the one row with these values (the rows of a record are distinct: <see cref="RowChanges"/>), found by
    /// the record's key and compared column by column, a null equal to a null.
    /// </summary>
    private static async Task DeleteRowAsync(
        DbConnection c, DbTransaction tx, string table, string columns, object?[] row, CancellationToken ct)
    {
        await using var delete = c.Sql(DeleteRowText.GetOrAdd((table, columns), static shape =>
        {
            var names = shape.Columns.Split(", ");
            return $"DELETE FROM {shape.Table} WHERE {names[0]} = {RowsInsert.Name(0, 0)}" + string.Concat(
                names.Skip(1).Select((name, i) => $" AND {name} IS NOT DISTINCT FROM {RowsInsert.Name(0, i + 1)}"));
        }), tx);
        for (var i = 0; i < row.Length; i++) delete.With(RowsInsert.Name(0, i), row[i]);
        await delete.ExecuteNonQueryAsync(ct);
    }

    private static readonly ConcurrentDictionary<(string Table, string Columns), string> DeleteRowText = new();

    public Task<ProcessedCommand?> FindCommandAsync(string commandId, CancellationToken ct = default)
        => database.ReadAsync(async c =>
        {
            await using var find = c.Sql(
                    "SELECT delivery_id, version, summary FROM audit WHERE command_id = @cmd ORDER BY seq LIMIT 1")
                .With("@cmd", commandId);
            await using var r = await find.ExecuteReaderAsync(ct);
            return await r.ReadAsync(ct)
                ? new ProcessedCommand(commandId, r.GetString(0), r.GetInt64(1), r.GetString(2))
                : null;
        }, ct);

    public Task<IReadOnlyList<AuditEntry>> AuditAsync(string deliveryKey, CancellationToken ct = default)
        => database.ReadAsync(c => ReadAuditAsync(c, deliveryKey, ct), ct);

    private static async Task<IReadOnlyList<AuditEntry>> ReadAuditAsync(
        DbConnection c, string deliveryId, CancellationToken ct)
    {
        await using var query = c.Sql(
                "SELECT version, at, actor, command_id, source, action, summary FROM audit " +
                "WHERE delivery_id = @id ORDER BY seq")
            .With("@id", deliveryId);
        await using var r = await query.ExecuteReaderAsync(ct);
        var entries = new List<AuditEntry>();
        // A trail names the same few people again and again: each is parsed once, and a record kept holds one copy.
        var actors = new Dictionary<string, Person>(StringComparer.Ordinal);
        while (await r.ReadAsync(ct))
            entries.Add(new AuditEntry(
                Version: r.GetInt64(0),
                At: CommandExtensions.FromMillis(r.GetInt64(1)),
                Actor: Actor(actors, r.GetString(2)),
                CommandId: r.GetString(3),
                Source: r.GetString(4),
                Action: r.GetString(5),
                Summary: r.GetString(6)));
        return entries;
    }

    private static Person Actor(Dictionary<string, Person> actors, string json)
    {
        if (!actors.TryGetValue(json, out var actor)) actors[json] = actor = DeliveryJson.DeserializePerson(json);
        return actor;
    }

    public Task<IReadOnlyList<PendingActionRow>> MineAsync(
        string tenantId, IReadOnlyCollection<string> personKeys, CancellationToken ct = default)
        => database.ReadAsync<IReadOnlyList<PendingActionRow>>(async c =>
        {
            await using var query = c.Sql($"""
                SELECT p.delivery_id, d.client, d.talent, p.role, p.what, p.since, p.check_key
                FROM pending_actions p JOIN deliveries d ON d.id = p.delivery_id
                WHERE d.tenant_id = @tenant AND p.person_key IN ({In(personKeys)})
                ORDER BY p.since, p.delivery_id
                """).With("@tenant", DeliveryKey.Tenant(tenantId));
            Keys(query, personKeys);
            await using var r = await query.ExecuteReaderAsync(ct);
            var rows = new List<PendingActionRow>();
            while (await r.ReadAsync(ct))
            {
                var row = new PendingActionRow(
                    DeliveryId: DeliveryKey.IdOf(r.GetString(0)),
                    Client: r.GetString(1),
                    DigitalTalent: r.GetString(2),
                    Role: Enum.Parse<Role>(r.GetString(3)),
                    What: r.GetString(4),
                    Since: CommandExtensions.FromMillis(r.GetInt64(5)),
                    CheckKey: r.IsDBNull(6) ? null : r.GetString(6));
                if (!rows.Contains(row)) rows.Add(row);
            }
            return rows;
        }, ct);

    public Task<IReadOnlyList<DeliveryRole>> ForPersonAsync(
        string tenantId, IReadOnlyCollection<string> personKeys, CancellationToken ct = default)
        => database.ReadAsync<IReadOnlyList<DeliveryRole>>(async c =>
        {
            await using var query = c.Sql($"""
                SELECT DISTINCT p.delivery_id, d.client, d.talent, p.role
                FROM delivery_people p JOIN deliveries d ON d.id = p.delivery_id
                WHERE d.tenant_id = @tenant AND p.person_key IN ({In(personKeys)}) AND d.closed = @open
                ORDER BY p.delivery_id, p.role
                """).With("@open", false).With("@tenant", DeliveryKey.Tenant(tenantId));
            Keys(query, personKeys);
            await using var r = await query.ExecuteReaderAsync(ct);
            var rows = new List<DeliveryRole>();
            while (await r.ReadAsync(ct))
                rows.Add(new DeliveryRole(
                    DeliveryKey.IdOf(r.GetString(0)),
                    r.GetString(1),
                    r.GetString(2),
                    Enum.Parse<Role>(r.GetString(3))));
            return rows;
        }, ct);

    public Task<IReadOnlyList<string>> DueAsync(DateTimeOffset asOf, int limit, CancellationToken ct = default)
        => database.ReadAsync<IReadOnlyList<string>>(async c =>
        {
            // Closed deliveries too: the policy still plans nudges for a closed one's open review follow-ups, and
            // leaves next_due_at empty for every other closed delivery.
            await using var query = c.Sql(
                    "SELECT id FROM deliveries " +
                    "WHERE next_due_at IS NOT NULL AND next_due_at <= @asOf ORDER BY next_due_at LIMIT @limit")
                .With("@asOf", asOf.Millis()).With("@limit", limit);
            await using var r = await query.ExecuteReaderAsync(ct);
            var ids = new List<string>();
            while (await r.ReadAsync(ct)) ids.Add(r.GetString(0));
            return ids;
        }, ct);

    public Task<IReadOnlyList<Delivery>> OpenRecordsAsync(string tenantId, int limit, CancellationToken ct = default)
        => database.ReadAsync<IReadOnlyList<Delivery>>(async c =>
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 1000);
            await using var query = c.Sql(
                    "SELECT doc, tenant_id FROM deliveries d WHERE d.tenant_id = @tenant AND d.closed = @false " +
                    "ORDER BY d.created_at DESC, d.id DESC LIMIT @take")
                .With("@false", false).With("@tenant", DeliveryKey.Tenant(tenantId)).With("@take", limit);
            return await RecordsAsync(query, ct);
        }, ct);

    public Task<IReadOnlyList<string>> TenantsAsync(string? after, int limit, CancellationToken ct = default)
        => database.ReadAsync<IReadOnlyList<string>>(async c =>
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 1000);
            await using var query = c.Sql(
                    "SELECT DISTINCT tenant_id FROM deliveries WHERE tenant_id > @after " +
                    "ORDER BY tenant_id LIMIT @take")
                .With("@after", after ?? "").With("@take", limit);
            await using var r = await query.ExecuteReaderAsync(ct);
            var tenants = new List<string>();
            while (await r.ReadAsync(ct)) tenants.Add(r.GetString(0));
            return tenants;
        }, ct);

    public Task<IReadOnlyList<Delivery>> RecentRecordsAsync(
        string tenantId, DateTimeOffset closedSince, int limit, CancellationToken ct = default)
        => database.ReadAsync<IReadOnlyList<Delivery>>(async c =>
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 1000);
            // a closed delivery last saved before then has nothing the digest or the months' metrics count
            await using var query = c.Sql(
                    "SELECT doc, tenant_id FROM deliveries d WHERE d.tenant_id = @tenant " +
                    "AND (d.closed = @false OR d.updated_at >= @since) " +
                    "ORDER BY d.created_at DESC, d.id DESC LIMIT @take")
                .With("@false", false).With("@tenant", DeliveryKey.Tenant(tenantId))
                .With("@since", closedSince.Millis()).With("@take", limit);
            return await RecordsAsync(query, ct);
        }, ct);

    /// <summary>
    /// Which facts <c>ix_metric_facts_outages</c> holds (migration 11), as the queries that read it by organisation
    /// must say it: a database uses a partial index only for a query whose conditions imply the index's own.
    /// </summary>
    internal const string OutageMetrics = "metric IN ('outage', 'outage-month-start', 'outage-month-seconds')";

    /// <summary>An organisation's outage facts of a month (<c>@tenant</c>, <c>@month</c>).</summary>
    internal const string OutageFactsQuery =
        "SELECT delivery_id, metric, total FROM metric_facts WHERE tenant_id = @tenant AND " + OutageMetrics
        + " AND yyyymm = @month";

    /// <summary>
    /// The records of an organisation's outages under way (<c>@tenant</c>, <c>@outage</c>, <c>@open</c>,
    /// <c>@take</c>).
    /// </summary>
    internal const string OutagesUnderWayQuery =
        "SELECT d.doc, d.tenant_id FROM deliveries d WHERE d.id IN (SELECT delivery_id FROM metric_facts "
        + "WHERE tenant_id = @tenant AND " + OutageMetrics + " AND metric = @outage AND yyyymm = @open) "
        + "ORDER BY d.id LIMIT @take";

    public Task<MetricMonth> MetricMonthAsync(string tenantId, DateOnly month, CancellationToken ct = default)
        => database.ReadAsync(async c =>
        {
            var tenant = DeliveryKey.Tenant(tenantId);
            var key = MetricFactRows.Key(month);
            var sums = new List<(string, long, long)>();
            await using (var query = c.Sql(
                    "SELECT metric, n, total FROM metric_totals WHERE tenant_id = @tenant AND yyyymm = @month")
                .With("@tenant", tenant).With("@month", key))
            await using (var r = await query.ExecuteReaderAsync(ct))
                while (await r.ReadAsync(ct)) sums.Add((r.GetString(0), r.GetInt64(1), r.GetInt64(2)));
            long live;
            await using (var query = c.Sql(
                    "SELECT COALESCE(SUM(n), 0) FROM metric_totals " +
                    "WHERE tenant_id = @tenant AND metric = @golive AND yyyymm <= @month")
                .With("@tenant", tenant).With("@golive", MetricKeys.GoLive).With("@month", key))
                live = Convert.ToInt64(await query.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
            var outageFacts = new Dictionary<(string Delivery, string Metric), long>();
            await using (var query = c.Sql(OutageFactsQuery).With("@tenant", tenant).With("@month", key))
            await using (var r = await query.ExecuteReaderAsync(ct))
                while (await r.ReadAsync(ct)) outageFacts[(r.GetString(0), r.GetString(1))] = r.GetInt64(2);
            IReadOnlyList<Delivery> underWay;
            await using (var query = c.Sql(OutagesUnderWayQuery)
                .With("@tenant", tenant).With("@outage", MetricKeys.Outage)
                .With("@open", MetricFactRows.Key(MetricFacts.Open)).With("@take", MetricMonth.MostOutagesRead))
                underWay = await RecordsAsync(query, ct);
            return new MetricMonth(
                new MetricTotals(sums), (int)live,
                [.. outageFacts.Keys.Select(k => k.Delivery).Distinct().Order(StringComparer.Ordinal)
                    .Select(d => new ServiceOutages(d, outageFacts.GetValueOrDefault((d, MetricKeys.Outage)),
                        outageFacts.GetValueOrDefault((d, MetricKeys.OutageMonthStart)),
                        outageFacts.GetValueOrDefault((d, MetricKeys.OutageMonthSeconds))))],
                underWay);
        }, ct);

    public Task<IReadOnlyList<Delivery>> WindowsAsync(
        string tenantId, DateOnly first, DateOnly last, int limit, CancellationToken ct = default)
        => database.ReadAsync<IReadOnlyList<Delivery>>(async c =>
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 1000);
            await using var query = c.Sql(
                    // the index gives them in order: the scan stops at the limit, however many share a week
                    "SELECT doc, tenant_id FROM deliveries WHERE tenant_id = @tenant AND window_start IS NOT NULL " +
                    "AND window_start <= @to AND window_end >= @from ORDER BY window_start, id LIMIT @take")
                .With("@tenant", DeliveryKey.Tenant(tenantId)).With("@from", first.DayNumber)
                .With("@to", last.DayNumber).With("@take", limit);
            return await RecordsAsync(query, ct);
        }, ct);

    public Task<Page<DeliverySummary>> ListAsync(
        string tenantId, DeliveryFilter filter, int page, int pageSize, CancellationToken ct = default)
        => database.ReadAsync(async c =>
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
            ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, 500);
            var where = "WHERE d.tenant_id = @tenant" + filter switch
            {
                DeliveryFilter.Open => " AND d.closed = @false",
                DeliveryFilter.Closed => " AND d.closed = @true",
                _ => "",
            };
            var tenant = DeliveryKey.Tenant(tenantId);
            int total;
            await using (var count = c.Sql($"SELECT COUNT(*) FROM deliveries d {where}")
                .With("@false", false).With("@true", true).With("@tenant", tenant))
                total = Convert.ToInt32(
                    await count.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
            await using var query = c.Sql(
                    $"SELECT {SummaryColumns} FROM deliveries d {where} " +
                    "ORDER BY d.created_at DESC, d.id DESC LIMIT @take OFFSET @skip")
                .With("@false", false).With("@true", true).With("@tenant", tenant)
                .With("@take", pageSize).With("@skip", (page - 1) * pageSize);
            await using var r = await query.ExecuteReaderAsync(ct);
            var items = new List<DeliverySummary>();
            while (await r.ReadAsync(ct))
                items.Add(new DeliverySummary(
                    Id: DeliveryKey.IdOf(r.GetString(0)),
                    Client: r.GetString(1),
                    DigitalTalent: r.GetString(2),
                    Status: Enum.Parse<DeliveryStatus>(r.GetString(3)),
                    Stage: (Stage)r.GetInt32(4),
                    Version: r.GetInt64(5),
                    UpdatedAt: CommandExtensions.FromMillis(r.GetInt64(6)),
                    Closed: r.GetBoolean(7)));
            return new Page<DeliverySummary>(items, page, pageSize, total);
        }, ct);

    /// <summary>The records a query of (doc, tenant_id) rows reads, without their audit trail.</summary>
    private async Task<IReadOnlyList<Delivery>> RecordsAsync(DbCommand query, CancellationToken ct)
    {
        await using var r = await query.ExecuteReaderAsync(ct);
        var deliveries = new List<Delivery>();
        while (await r.ReadAsync(ct))
            deliveries.Add(Delivery.Restore(database.Dialect.ReadDocument(r, 0, out _) with
            {
                TenantId = r.GetString(1),
            }));
        return deliveries;
    }

    private static string In(IReadOnlyCollection<string> keys)
    {
        if (keys.Count is 0 or > 20) throw new ArgumentException("Between 1 and 20 person keys.", nameof(keys));
        return string.Join(", ", Enumerable.Range(0, keys.Count).Select(i => $"@k{i}"));
    }

    private static void Keys(DbCommand command, IReadOnlyCollection<string> keys)
    {
        var i = 0;
        foreach (var key in keys) command.With($"@k{i++}", key.ToLowerInvariant());
    }

    private static async Task ExecAsync(
        DbConnection c,
        DbTransaction tx,
        string sql,
        CancellationToken ct,
        params (string Name, object? Value)[] values)
    {
        await using var command = c.Sql(sql, tx);
        foreach (var (name, value) in values) command.With(name, value);
        await command.ExecuteNonQueryAsync(ct);
    }
}
