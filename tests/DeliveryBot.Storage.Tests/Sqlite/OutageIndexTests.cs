using DeliveryBot.Domain.Metrics;
using DeliveryBot.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace DeliveryBot.Storage.Tests.Sqlite;

/// <summary>
/// The metric facts are indexed by organisation only for the outage facts (migration 11): the queries that read them by
/// organisation must still find that index, or the metrics read every fact of every organisation.
/// </summary>
public sealed class OutageIndexTests : SqliteStoreFixture
{
    [Theory]
    [InlineData(SqlDeliveryStore.OutageFactsQuery)]
    [InlineData(SqlDeliveryStore.OutagesUnderWayQuery)]
    public async Task The_outage_queries_read_the_outage_index(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={File.Path}");
        await connection.OpenAsync();
        await using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var name in new[] { "@tenant", "@month", "@outage", "@open", "@take" })
            if (sql.Contains(name, StringComparison.Ordinal)) explain.Parameters.AddWithValue(name, 1);
        var plan = new List<string>();
        await using (var r = await explain.ExecuteReaderAsync())
            while (await r.ReadAsync()) plan.Add(r.GetString(3));
        Assert.Contains(plan, step => step.Contains("metric_facts USING INDEX ix_metric_facts_outages",
            StringComparison.Ordinal));
    }

    [Fact]
    public void The_index_holds_every_outage_fact()
        => Assert.All(
            [MetricKeys.Outage, MetricKeys.OutageMonthStart, MetricKeys.OutageMonthSeconds],
            key => Assert.Contains($"'{key}'", SqlDeliveryStore.OutageMetrics, StringComparison.Ordinal));
}
