using System.Data.Common;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Metrics;
using DeliveryBot.Storage.Json;

namespace DeliveryBot.Storage.Sql;

/// <summary>
/// The metric facts of each delivery (<see cref="MetricFacts"/>) and their sums per organisation and month, written in
/// the transaction that saves the record: the sums move by the difference between the facts the record had and has,
/// so `metrics` and the digest read a few rows whatever the number of records.
/// </summary>
internal static class MetricFactRows
{
    /// <summary>Rows per statement: well under SQLite's 32,766 parameters.</summary>
    private const int Chunk = 400;

    /// <summary>A month as the tables key it: 202603.</summary>
    public static int Key(DateOnly month) => (month.Year * 100) + month.Month;

    public static DateOnly Month(int key) => new(key / 100, key % 100, 1);

    /// <summary>
    /// Writes <paramref name="delivery"/>'s facts, moves its organisation's sums and returns the facts;
    /// <paramref name="stored"/>: the facts stored for it now when known, as this returned them (none for a first
    /// save), else they are read.
    /// </summary>
    public static async Task<IReadOnlyList<MetricFact>> WriteAsync(
        DbConnection c, DbTransaction tx, Delivery delivery, IReadOnlyList<MetricFact>? stored, CancellationToken ct)
    {
        var facts = MetricFacts.Of(delivery);
        var before = stored ?? await ReadAsync(c, tx, delivery.Key, ct);
        var moves = MetricFacts.Moves(before, facts);
        if (moves.Count == 0) return before; // the same facts: the list kept already, not the one just made
        var tenant = delivery.State.TenantId;
        // in key order, so two writers moving the same sums take their row locks in the same order
        var sums = new List<object?[]>(moves.Count);
        foreach (var (f, _) in moves) sums.Add([tenant, Key(f.Month), f.Key, f.Count, f.Total]);
        await InsertAsync(c, tx, "metric_totals", "tenant_id, yyyymm, metric, n, total", sums,
            "ON CONFLICT (tenant_id, yyyymm, metric) DO UPDATE SET n = metric_totals.n + excluded.n, "
                + "total = metric_totals.total + excluded.total",
            ct);
        // Only the rows that moved: a click moves a fact or two of the record's dozen or so, and rewriting them all
        // bound six values a row on every save.
        var rows = new List<object?[]>();
        foreach (var (moved, now) in moves)
        {
            if (now is { } fact)
            {
                rows.Add([delivery.Key, tenant, Key(fact.Month), fact.Key, fact.Count, fact.Total]);
                continue;
            }
            await using var delete = c.Sql(
                    "DELETE FROM metric_facts WHERE delivery_id = @id AND yyyymm = @month AND metric = @metric", tx)
                .With("@id", delivery.Key).With("@month", Key(moved.Month)).With("@metric", moved.Key);
            await delete.ExecuteNonQueryAsync(ct);
        }
        await InsertAsync(c, tx, "metric_facts", "delivery_id, tenant_id, yyyymm, metric, n, total", rows,
            "ON CONFLICT (delivery_id, yyyymm, metric) DO UPDATE SET tenant_id = excluded.tenant_id, "
                + "n = excluded.n, total = excluded.total",
            ct);
        return facts;
    }

    /// <summary><paramref name="rows"/> in statements of <see cref="Chunk"/> rows at most.</summary>
    private static async Task InsertAsync(
        DbConnection c, DbTransaction tx, string table, string columns, List<object?[]> rows, string then,
        CancellationToken ct)
    {
        for (var start = 0; start < rows.Count; start += Chunk)
            await RowsInsert.WriteAsync(c, tx, dialect: null, table, columns,
                rows.Count <= Chunk ? rows : rows.GetRange(start, Math.Min(Chunk, rows.Count - start)), then, ct);
    }

    /// <summary>
    /// Counts the facts of every record already stored (the migration that brings the tables), a page at a time, and
    /// sets each one's deployment window.
    /// </summary>
    public static async Task CountEveryRecordAsync(DbConnection c, DbTransaction tx, CancellationToken ct)
    {
        var after = "";
        while (true)
        {
            var page = new List<Delivery>();
            await using (var query = c.Sql(
                    "SELECT id, tenant_id, doc FROM deliveries WHERE id > @after ORDER BY id LIMIT 500", tx)
                .With("@after", after))
            await using (var r = await query.ExecuteReaderAsync(ct))
                while (await r.ReadAsync(ct))
                {
                    after = r.GetString(0);
                    page.Add(Delivery.Restore(DeliveryJson.Deserialize(r.GetString(2)) with
                    {
                        TenantId = r.GetString(1),
                    }));
                }
            if (page.Count == 0) return;
            foreach (var delivery in page)
            {
                await WriteAsync(c, tx, delivery, stored: [], ct);
                var window = DeliveryIndex.WindowOf(delivery);
                await using var update = c.Sql(
                        "UPDATE deliveries SET window_start = @start, window_end = @end WHERE id = @id", tx)
                    .With("@start", window?.Start).With("@end", window?.End).With("@id", delivery.Key);
                await update.ExecuteNonQueryAsync(ct);
            }
        }
    }

    private static async Task<List<MetricFact>> ReadAsync(
        DbConnection c, DbTransaction tx, string deliveryKey, CancellationToken ct)
    {
        await using var query = c.Sql(
                "SELECT yyyymm, metric, n, total FROM metric_facts WHERE delivery_id = @id", tx)
            .With("@id", deliveryKey);
        await using var r = await query.ExecuteReaderAsync(ct);
        var facts = new List<MetricFact>();
        while (await r.ReadAsync(ct))
            facts.Add(new MetricFact(Month(r.GetInt32(0)), r.GetString(1), r.GetInt64(2), r.GetInt64(3)));
        facts.Sort(MetricFact.Order); // the order the walk in WriteAsync needs (the database's is its collation's)
        return facts;
    }
}
