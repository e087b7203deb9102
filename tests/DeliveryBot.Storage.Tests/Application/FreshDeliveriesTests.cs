using DeliveryBot.Application.Messages;
using DeliveryBot.TestKit;

namespace DeliveryBot.Storage.Tests.Application;

/// <summary>
/// The saves kept for the messages that follow them: found while fresh, forgotten after their own sends or two
/// seconds, never in place of a later save.
/// </summary>
public sealed class FreshDeliveriesTests
{
    private static readonly DateTimeOffset Now = Scenario.Start;
    private readonly FreshDeliveries _fresh = new();

    [Fact]
    public void A_save_kept_for_its_sends_serves_them_and_goes_after_the_last()
    {
        var saved = Scenario.Opened().Planned().Delivery;
        var kept = _fresh.Keep(saved, Now, sends: 2);
        var redraw = new CardRedraw(saved.Key, saved.Version);

        Assert.Equal(saved.Version, _fresh.Find(redraw, Now)?.Version);
        _fresh.Sent(kept);
        Assert.Equal(saved.Version, _fresh.Find(redraw, Now.AddMilliseconds(5))?.Version); // one send still to go
        _fresh.Sent(kept);
        Assert.Null(_fresh.Find(redraw, Now.AddMilliseconds(10)));
        Assert.Equal(0, _fresh.Count);
    }

    [Fact]
    public void An_older_saves_last_send_leaves_the_later_save_in_place()
    {
        var scenario = Scenario.Opened();
        var older = scenario.Delivery.Snapshot(); // the scenario's delivery changes in place
        var newer = scenario.Planned().Delivery;
        Assert.True(newer.Version > older.Version);
        var first = _fresh.Keep(older, Now, sends: 1);
        _fresh.Keep(newer, Now.AddMilliseconds(1), sends: 1);

        _fresh.Sent(first);

        Assert.Equal(newer.Version, _fresh.Find(new CardRedraw(older.Key, older.Version), Now)?.Version);
    }

    [Fact]
    public void A_save_kept_without_its_sends_counted_is_found_for_two_seconds_and_then_not()
    {
        var saved = Scenario.Opened().Planned().Delivery;
        _fresh.Keep(saved, Now);
        var notice = new Notice(saved.Key, "a note", Cast.Pablo);

        Assert.NotNull(_fresh.Find(notice, Now + FreshDeliveries.For));
        Assert.Null(_fresh.Find(notice, Now + FreshDeliveries.For + TimeSpan.FromMilliseconds(1)));
        // a redraw of a change the kept copy does not have yet is drawn from the store
        Assert.Null(_fresh.Find(new CardRedraw(saved.Key, saved.Version + 1), Now));
    }
}
