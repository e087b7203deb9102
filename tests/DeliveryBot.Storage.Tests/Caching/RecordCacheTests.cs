using DeliveryBot.Domain.Record;
using DeliveryBot.Storage.Sql;
using DeliveryBot.TestKit;

namespace DeliveryBot.Storage.Tests.Caching;

/// <summary>The records a process keeps parsed, bounded by what they weigh rather than by how many they are.</summary>
public sealed class RecordCacheTests
{
    private static readonly DeliveryState Planned = Scenario.Opened().Planned().Delivery.State;
    private static readonly DeliveryState Reviewed = Scenario.Opened().Reviewed().Delivery.State;

    [Fact]
    public void A_record_weighs_at_least_its_document_and_more_with_every_audit_entry()
    {
        Assert.True(RecordCache.Weight(Planned, 6_000) > 6_000);
        Assert.True(RecordCache.Weight(Planned, 7_000) > RecordCache.Weight(Planned, 6_000));
        Assert.True(Reviewed.Audit.Count > Planned.Audit.Count);
        Assert.True(RecordCache.Weight(Reviewed, 6_000) > RecordCache.Weight(Planned, 6_000));
    }

    [Fact]
    public void Records_are_kept_while_they_fit_the_budget_and_one_that_does_not_fit_is_not_kept()
    {
        using var cache = new RecordCache(megabytes: 1);
        // three records of ~400 KB each: the first two fit a megabyte, the third does not (refused as it is kept;
        // the cache then makes room in the background, least recently used first)
        cache.Keep("a", Planned, documentBytes: 300_000);
        cache.Keep("b", Planned, documentBytes: 300_000);
        Assert.Same(Planned, cache.Find("b")!.State);

        cache.Keep("c", Reviewed, documentBytes: 300_000);

        Assert.Null(cache.Find("c"));
        Assert.Equal(1024L * 1024, cache.Budget);
    }

    [Fact]
    public void A_record_heavier_than_the_whole_budget_is_never_kept_and_a_light_one_is()
    {
        using var cache = new RecordCache(megabytes: 1);

        cache.Keep("huge", Planned, documentBytes: 2_000_000);
        cache.Keep("usual", Planned, documentBytes: 6_000, WrittenRows.None);

        Assert.Null(cache.Find("huge"));
        var kept = cache.Find("usual")!;
        Assert.Same(Planned, kept.State);
        Assert.Same(WrittenRows.None, kept.Rows);
    }

    [Fact]
    public void A_budget_of_nothing_keeps_nothing_and_a_negative_one_is_refused()
    {
        using var none = new RecordCache(megabytes: 0);
        none.Keep("a", Planned, documentBytes: 6_000);

        Assert.Null(none.Find("a"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecordCache(megabytes: -1));
    }

    [Fact]
    public void A_record_forgotten_is_not_found()
    {
        using var cache = new RecordCache();
        cache.Keep("a", Planned, documentBytes: 6_000);

        cache.Forget("a");

        Assert.Null(cache.Find("a"));
    }
}
