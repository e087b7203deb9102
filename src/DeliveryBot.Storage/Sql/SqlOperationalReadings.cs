using DeliveryBot.Application.Storage;

namespace DeliveryBot.Storage.Sql;

/// <summary>
/// The operator's readings: the outbox backlog through the due index (its partial index holds only unsent, living
/// rows), the stages through the deliveries' rows (no document is read).
/// </summary>
internal sealed class SqlOperationalReadings(Database database) : IOperationalReadings
{
    public Task<OutboxBacklog> OutboxBacklogAsync(DateTimeOffset now, CancellationToken ct = default)
        => database.ReadAsync(async c =>
        {
            await using var query = c.Sql(
                    "SELECT COUNT(*), MIN(due_at) FROM outbox " +
                    "WHERE sent_at IS NULL AND dead = @false AND due_at <= @now")
                .With("@false", false).With("@now", now.Millis());
            await using var r = await query.ExecuteReaderAsync(ct);
            await r.ReadAsync(ct);
            return new OutboxBacklog(
                Due: Convert.ToInt64(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture),
                OldestDueAt: r.IsDBNull(1) ? null : CommandExtensions.FromMillis(r.GetInt64(1)));
        }, ct);

    public Task<IReadOnlyDictionary<int, long>> OpenDeliveriesByStageAsync(CancellationToken ct = default)
        => database.ReadAsync<IReadOnlyDictionary<int, long>>(async c =>
        {
            await using var query = c.Sql(
                    "SELECT stage, COUNT(*) FROM deliveries WHERE closed = @false GROUP BY stage")
                .With("@false", false);
            await using var r = await query.ExecuteReaderAsync(ct);
            var stages = new Dictionary<int, long>();
            while (await r.ReadAsync(ct))
                stages[r.GetInt32(0)] =
                    Convert.ToInt64(r.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
            return stages;
        }, ct);
}
