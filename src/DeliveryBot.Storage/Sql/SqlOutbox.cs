using System.Data.Common;
using DeliveryBot.Application.Storage;

namespace DeliveryBot.Storage.Sql;

/// <summary>The outbox on SQLite or PostgreSQL. A claim is a lease; instances skip each other's locked rows.</summary>
internal sealed class SqlOutbox : IOutbox
{
    private readonly Database _database;
    private readonly Batcher _sent;

    public SqlOutbox(Database database)
    {
        _database = database;
        _sent = new Batcher(MarkSentAsync);
    }

    private const string Columns =
        "id, idempotency_key, delivery_id, recipient_key, kind, payload, due_at, attempts, sent_at, dead, " +
        "last_error, trace_parent";

    public async Task<bool> EnqueueAsync(OutboxMessage message, CancellationToken ct = default)
        => await _database.WriteAsync((c, tx) => InsertAsync(c, tx, message, lease: null, ct), ct) is not null;

    /// <summary>
    /// Adds a message inside a transaction someone else holds (a delivery's save), claimed by
    /// <paramref name="lease"/>'s owner when given; its id, or null if its key is already there (nothing written).
    /// </summary>
    internal static async Task<long?> InsertAsync(
        DbConnection c, DbTransaction tx, OutboxMessage message, OutboxLease? lease, CancellationToken ct)
    {
        await using var insert = c.Sql("""
            INSERT INTO outbox (idempotency_key, delivery_id, recipient_key, kind, payload, due_at, attempts, dead,
                                lease_until, lease_owner, trace_parent)
            VALUES (@key, @delivery, @recipient, @kind, @payload, @due, @attempts, @false, @lease, @owner, @trace)
            ON CONFLICT (idempotency_key) DO NOTHING
            RETURNING id
            """, tx)
            .With("@key", message.IdempotencyKey).With("@delivery", message.DeliveryId)
            .With("@recipient", message.RecipientKey)
            .With("@kind", message.Kind).With("@payload", message.Payload).With("@due", message.DueAt.Millis())
            .With("@false", false)
            .With("@attempts", lease is null ? 0 : 1).With("@lease", lease?.Until.Millis())
            .With("@owner", lease?.Owner).With("@trace", message.TraceParent);
        return await insert.ExecuteScalarAsync(ct) is { } id and not DBNull
            ? Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture)
            : null;
    }

    public Task<IReadOnlyList<OutboxItem>> ClaimDueAsync(
        DateTimeOffset now, DateTimeOffset leaseUntil, int limit, string owner, CancellationToken ct = default)
        => _database.WriteAsync<IReadOnlyList<OutboxItem>>(async (c, tx) =>
        {
            await using var claim = c.Sql($"""
                UPDATE outbox SET lease_until = @lease, lease_owner = @owner, attempts = attempts + 1
                WHERE id IN (SELECT id FROM outbox
                             WHERE sent_at IS NULL AND dead = @false AND due_at <= @now
                                   AND (lease_until IS NULL OR lease_until <= @now)
                             ORDER BY due_at, id LIMIT @limit {_database.Dialect.SkipLocked})
                RETURNING {Columns}
                """, tx)
                .With("@lease", leaseUntil.Millis()).With("@owner", owner).With("@now", now.Millis())
                .With("@limit", limit).With("@false", false);
            return [.. (await ReadAsync(claim, ct)).OrderBy(i => i.Message.DueAt).ThenBy(i => i.Id)];
        }, ct);

    public Task<bool> RenewLeaseAsync(long id, string owner, DateTimeOffset leaseUntil, CancellationToken ct = default)
        => _database.WriteAsync(async (c, tx) =>
        {
            await using var renew = c.Sql(
                    "UPDATE outbox SET lease_until = @lease " +
                    "WHERE id = @id AND lease_owner = @owner AND sent_at IS NULL AND dead = @false", tx)
                .With("@lease", leaseUntil.Millis()).With("@id", id).With("@owner", owner).With("@false", false);
            return await renew.ExecuteNonQueryAsync(ct) == 1;
        }, ct);

    public Task<int> RenewLeasesAsync(
        IReadOnlyList<long> ids, string owner, DateTimeOffset leaseUntil, CancellationToken ct = default)
        => ids.Count == 0 ? Task.FromResult(0) : _database.WriteAsync(async (c, tx) =>
        {
            var renewed = 0;
            for (var at = 0; at < ids.Count; at += Batcher.Most) // a statement for as many ids as a mark names
            {
                var count = Math.Min(Batcher.Most, ids.Count - at);
                await using var renew = Renew.For(c, tx, ids, at, count)
                    .With("@lease", leaseUntil.Millis()).With("@owner", owner).With("@false", false);
                renewed += await renew.ExecuteNonQueryAsync(ct);
            }
            return renewed;
        }, ct);

    private static readonly ByIds Renew = new(
        "UPDATE outbox SET lease_until = @lease WHERE id IN ",
        " AND lease_owner = @owner AND sent_at IS NULL AND dead = @false");

    public Task<int> ReleaseLeasesAsync(string owner, CancellationToken ct = default)
        => _database.WriteAsync(async (c, tx) =>
        {
            await using var release = c.Sql(
                    "UPDATE outbox SET lease_until = NULL, lease_owner = NULL " +
                    "WHERE lease_owner = @owner AND sent_at IS NULL", tx)
                .With("@owner", owner);
            return await release.ExecuteNonQueryAsync(ct);
        }, ct);

    /// <summary>
    /// Marks a message sent. Marks asked for while an earlier one is being written are written together, in one
    /// statement: each caller still returns only once its own mark is committed (or fails with the reason it was not).
    /// </summary>
    public Task MarkSentAsync(long id, DateTimeOffset at, CancellationToken ct = default) => _sent.MarkAsync(id, at);

    /// <summary>
    /// How long marks of sent messages may wait for a commit someone else starts (a crash meanwhile resends them).
    /// </summary>
    private static readonly TimeSpan MarkWithin = TimeSpan.FromMilliseconds(20);

    private async Task MarkSentAsync(IReadOnlyList<long> ids, DateTimeOffset at)
        => await _database.WriteLazilyAsync(async (c, tx) =>
        {
            await using var sent = Mark.For(c, tx, ids, 0, ids.Count).With("@at", at.Millis());
            return await sent.ExecuteNonQueryAsync(CancellationToken.None);
        }, MarkWithin);

    private static readonly ByIds Mark = new(
        "UPDATE outbox SET sent_at = @at, lease_until = NULL, lease_owner = NULL WHERE id IN ", " AND sent_at IS NULL");

    /// <summary>
    /// A statement about up to <see cref="Batcher.Most"/> rows named by id (<c>IN (@id0, @id1, ...)</c>), its text
    /// made once for each number of ids and its names once for all: a mark is written behind every card sent.
    /// </summary>
    private sealed class ByIds(string before, string after)
    {
        private static readonly string[] Names = [.. Enumerable.Range(0, Batcher.Most).Select(i => $"@id{i}")];
        private readonly string?[] _texts = new string?[Batcher.Most + 1];

        /// <summary>
        /// The statement for the <paramref name="count"/> ids of <paramref name="ids"/> from <paramref name="from"/>.
        /// </summary>
        public DbCommand For(DbConnection c, DbTransaction tx, IReadOnlyList<long> ids, int from, int count)
        {
            var command = c.Sql(_texts[count] ??= $"{before}({string.Join(", ", Names, 0, count)}){after}", tx);
            for (var i = 0; i < count; i++) command.With(Names[i], ids[from + i]);
            return command;
        }
    }

    public Task MarkFailedAsync(long id, string reason, DateTimeOffset? retryAt, CancellationToken ct = default)
        => _database.WriteAsync(async (c, tx) =>
        {
            await using var failed = c.Sql(
                    "UPDATE outbox SET last_error = @error, lease_until = @retry, lease_owner = NULL, dead = @dead " +
                    "WHERE id = @id AND sent_at IS NULL", tx)
                .With("@error", reason.Length > 1000 ? reason[..1000] : reason).With("@retry", retryAt?.Millis())
                .With("@dead", retryAt is null).With("@id", id);
            await failed.ExecuteNonQueryAsync(ct);
        }, ct);

    public Task<OutboxItem?> FindAsync(long id, CancellationToken ct = default)
        => _database.ReadAsync(async c =>
        {
            await using var query = c.Sql($"SELECT {Columns} FROM outbox WHERE id = @id").With("@id", id);
            return (await ReadAsync(query, ct)) is [var item] ? item : null;
        }, ct);

    public Task<IReadOnlyList<OutboxItem>> ForDeliveryAsync(string deliveryId, CancellationToken ct = default)
        => _database.ReadAsync(async c =>
        {
            await using var query = c.Sql($"SELECT {Columns} FROM outbox WHERE delivery_id = @id ORDER BY id")
                .With("@id", deliveryId);
            return await ReadAsync(query, ct);
        }, ct);

    /// <summary>
    /// Walks the rows in the order written (the primary key), a batch at a time, so a pass reads the old rows at the
    /// head and stops at the first batch written wholly after the cut, never the whole table. A row is due when
    /// written or later, so a batch whose every row falls due at or after the cut was written after it.
    /// </summary>
    public Task<OutboxPruning> PruneSentAsync(
        long after, DateTimeOffset sentBefore, int batch, CancellationToken ct = default)
        => _database.WriteAsync(async (c, tx) =>
        {
            var (read, last, earliestDue) = (0, after, long.MaxValue);
            await using (var rows = c.Sql(
                                 "SELECT id, due_at FROM outbox WHERE id > @after ORDER BY id LIMIT @batch", tx)
                             .With("@after", after).With("@batch", batch))
            await using (var r = await rows.ExecuteReaderAsync(ct))
                while (await r.ReadAsync(ct))
                {
                    (read, last, earliestDue) = (read + 1, r.GetInt64(0), Math.Min(earliestDue, r.GetInt64(1)));
                }
            if (read == 0) return new OutboxPruning(0, null);
            await using var delete = c.Sql(
                    "DELETE FROM outbox " +
                    "WHERE id > @after AND id <= @last AND sent_at IS NOT NULL AND sent_at < @before", tx)
                .With("@after", after).With("@last", last).With("@before", sentBefore.Millis());
            var deleted = await delete.ExecuteNonQueryAsync(ct);
            var done = read < batch || earliestDue >= sentBefore.Millis();
            return new OutboxPruning(deleted, done ? null : last);
        }, ct);

    private static async Task<IReadOnlyList<OutboxItem>> ReadAsync(DbCommand command, CancellationToken ct)
    {
        await using var r = await command.ExecuteReaderAsync(ct);
        var items = new List<OutboxItem>();
        while (await r.ReadAsync(ct))
        {
            var message = new OutboxMessage(
                IdempotencyKey: r.GetString(1),
                DeliveryId: r.IsDBNull(2) ? null : r.GetString(2),
                RecipientKey: r.GetString(3),
                Kind: r.GetString(4),
                Payload: r.GetString(5),
                DueAt: CommandExtensions.FromMillis(r.GetInt64(6)))
            {
                TraceParent = r.IsDBNull(11) ? null : r.GetString(11),
            };
            var sentAt = r.IsDBNull(8) ? (DateTimeOffset?)null : CommandExtensions.FromMillis(r.GetInt64(8));
            var state = sentAt is not null
                ? OutboxState.Sent
                : r.GetBoolean(9) ? OutboxState.Dead : OutboxState.Pending;
            items.Add(new OutboxItem(
                Id: r.GetInt64(0),
                Message: message,
                Attempts: r.GetInt32(7),
                State: state,
                SentAt: sentAt,
                LastError: r.IsDBNull(10) ? null : r.GetString(10)));
        }
        return items;
    }
}
