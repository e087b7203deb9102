using DeliveryBot.Application.Deliveries;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Teams.Notifications;
using DeliveryBot.TestKit;

namespace DeliveryBot.Teams.Tests;

/// <summary>The fan-out queue: a burst of changes to one delivery redraws its cards once, from the newest state.</summary>
public sealed class PendingChangesTests
{
    private static DeliveryChanged Change(string id, long version)
        => new(null, Delivery.Restore(Scenario.Opened().Delivery.State with { Id = id, Version = version }), Cast.Dana, "test", $"{id}-{version}");

    [Fact]
    public async Task Only_the_newest_queued_change_of_a_delivery_is_not_superseded_and_a_handled_delivery_is_forgotten()
    {
        var queue = new PendingChanges();
        DeliveryChanged[] burst = [Change("D1", 3), Change("D1", 4), Change("D2", 9), Change("D1", 5)];
        foreach (var change in burst) await queue.OnChangedAsync(change, CancellationToken.None);

        Assert.Equal([true, true, false, false], burst.Select(queue.IsSuperseded));

        foreach (var change in burst) queue.Done(change);
        await queue.WhenIdleAsync(); // every change handled
        var late = Change("D1", 4); // an older version arriving after the delivery was forgotten is drawn again
        Assert.False(queue.IsSuperseded(late));
    }
}
