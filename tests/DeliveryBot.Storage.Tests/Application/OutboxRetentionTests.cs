using DeliveryBot.Application.Messages;
using DeliveryBot.Application.Storage;
using DeliveryBot.Storage.Tests.Sqlite;
using DeliveryBot.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeliveryBot.Storage.Tests.Application;

/// <summary>The retention pass over a real SQLite outbox: the cut is the clock's now less what is kept.</summary>
public sealed class OutboxRetentionTests : SqliteStoreFixture
{
    private static readonly DateTimeOffset Now = Scenario.Start;

    private async Task SendAsync(string key, DateTimeOffset at)
    {
        await Outbox.EnqueueAsync(new OutboxMessage(key, "D1", "oid-pablo", "notice", "{}", at));
        var claimed = Assert.Single(await Outbox.ClaimDueAsync(at, at.AddMinutes(1), 1, "node-a"));
        await Outbox.MarkSentAsync(claimed.Id, at);
    }

    [Fact]
    public async Task A_run_deletes_every_message_sent_longer_ago_than_kept_batch_after_batch()
    {
        for (var i = 0; i < 5; i++) await SendAsync($"month-old-{i}", Now.AddDays(-31).AddMinutes(i));
        await SendAsync("within", Now.AddDays(-29));
        await Outbox.EnqueueAsync(new OutboxMessage("waiting", "D1", "oid-pablo", "notice", "{}", Now.AddDays(-40)));
        var clock = new ManualClock(Now);

        var deleted = await new OutboxRetention(Outbox, clock, NullLogger<OutboxRetention>.Instance)
            .RunAsync(TimeSpan.FromDays(30), batch: 2);

        Assert.Equal(5, deleted);
        Assert.Equal(
            ["within", "waiting"], (await Outbox.ForDeliveryAsync("D1")).Select(i => i.Message.IdempotencyKey));
    }
}
