using DeliveryBot.Teams.Connector;
using DeliveryBot.TestKit;

namespace DeliveryBot.Teams.Tests;

/// <summary>The send limiter on a manual clock: as fast as allowed, never faster, over any interval.</summary>
public sealed class RateLimiterTests
{
    private static List<DateTimeOffset> Drive(
        SendRateLimiter limiter,
        ManualClock clock,
        int sends,
        string conversation = "a:c",
        string? tenant = "t",
        bool update = false)
    {
        var sent = new List<DateTimeOffset>();
        while (sent.Count < sends)
        {
            if (limiter.TryAcquire(conversation, tenant, out var permit, out var wait, update))
            {
                permit!.Dispose();
                sent.Add(clock.GetUtcNow());
            }
            else clock.Advance(wait);
        }
        return sent;
    }

    private static int MostWithin(List<DateTimeOffset> times, TimeSpan window)
        => times.Select((t, i) => times.Skip(i).TakeWhile(u => u - t < window).Count()).Max();

    [Fact]
    public void One_conversation_gets_exactly_teams_limits_over_any_interval()
    {
        var clock = new ManualClock(Scenario.Start);
        var times = Drive(new SendRateLimiter(clock, tenantPerSecond: 1000), clock, 130);

        Assert.Equal(7, MostWithin(times, TimeSpan.FromSeconds(1)));
        Assert.Equal(8, MostWithin(times, TimeSpan.FromSeconds(2)));
        Assert.Equal(60, MostWithin(times, TimeSpan.FromSeconds(30)));
        // No slack either: 60 sends in the first 30 s, the limiter's own ceiling.
        Assert.Equal(60, times.Count(t => t < Scenario.Start.AddSeconds(30)));
    }

    [Fact]
    public void Updates_alone_leave_two_sends_of_every_window_unused()
    {
        var clock = new ManualClock(Scenario.Start);
        var times = Drive(new SendRateLimiter(clock, tenantPerSecond: 1000), clock, 130, update: true);

        Assert.Equal(5, MostWithin(times, TimeSpan.FromSeconds(1)));
        Assert.Equal(6, MostWithin(times, TimeSpan.FromSeconds(2)));
        Assert.Equal(58, MostWithin(times, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void A_new_message_goes_at_once_after_a_burst_of_updates_and_the_next_update_waits_for_both()
    {
        var clock = new ManualClock(Scenario.Start);
        var limiter = new SendRateLimiter(clock, tenantPerSecond: 25);
        Assert.Equal(Scenario.Start, Assert.Single(Drive(limiter, clock, 5, update: true).Distinct()));
        Assert.False(limiter.TryAcquire("a:c", "t", out _, out var wait, update: true));
        Assert.Equal(TimeSpan.FromSeconds(1), wait);

        // a person's next card and a line: at once, in the same second as the five updates
        for (var i = 0; i < 2; i++)
        {
            Assert.True(limiter.TryAcquire("a:c", "t", out var permit, out _), $"new message {i + 1} held up");
            permit!.Dispose();
        }
        Assert.False(limiter.TryAcquire("a:c", "t", out _, out _)); // Teams' own 7 a second, as ever
        clock.Advance(TimeSpan.FromSeconds(1));
        // 7 in the last 2 s: an update waits until the 2-second window leaves it room, a new message does not
        Assert.False(limiter.TryAcquire("a:c", "t", out _, out wait, update: true));
        Assert.Equal(TimeSpan.FromSeconds(1), wait);
        Assert.True(limiter.TryAcquire("a:c", "t", out _, out _));
    }

    [Fact]
    public void Conversations_gone_quiet_for_an_hour_are_forgotten_and_a_busy_one_is_kept()
    {
        var clock = new ManualClock(Scenario.Start);
        var limiter = new SendRateLimiter(clock, tenantPerSecond: 1000);
        for (var i = 0; i < 5_000; i++) Drive(limiter, clock, 1, $"a:chat-{i}", $"tenant-{i % 50}");
        Assert.Equal(5_050, limiter.Tracked);

        clock.Advance(TimeSpan.FromMinutes(61)); // nothing sent within the longest window (an hour)
        Drive(limiter, clock, 7, "a:busy"); // the first send sweeps: 5,050 quiet logs go
        Assert.Equal(2, limiter.Tracked); // the busy conversation and its tenant

        clock.Advance(TimeSpan.FromMinutes(2));
        Drive(limiter, clock, 1, "a:other", "t"); // the next sweep keeps a:busy: its sends are inside its hour
        Assert.Equal(3, limiter.Tracked);
    }

    [Fact]
    public void The_hourly_limit_holds()
    {
        var clock = new ManualClock(Scenario.Start);
        var times = Drive(new SendRateLimiter(clock, tenantPerSecond: 1000), clock, 1801);

        Assert.True(times[^1] - times[0] >= TimeSpan.FromHours(1));
    }

    [Fact]
    public void A_tenant_is_held_to_its_rate_across_conversations()
    {
        var clock = new ManualClock(Scenario.Start);
        var limiter = new SendRateLimiter(clock, tenantPerSecond: 5);
        var sent = new List<DateTimeOffset>();
        for (var i = 0; sent.Count < 20; i++)
        {
            if (limiter.TryAcquire($"a:c{i}", "t", out var permit, out var wait))
            {
                permit!.Dispose();
                sent.Add(clock.GetUtcNow());
            }
            else clock.Advance(wait);
        }

        Assert.Equal(5, MostWithin(sent, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Conversations_and_tenants_do_not_hold_each_other_up()
    {
        var clock = new ManualClock(Scenario.Start);
        var limiter = new SendRateLimiter(clock, tenantPerSecond: 25);
        for (var i = 0; i < 7; i++) { Assert.True(limiter.TryAcquire("a:busy", "t1", out var p, out _)); p!.Dispose(); }

        Assert.False(limiter.TryAcquire("a:busy", "t1", out _, out var wait));
        Assert.InRange(wait, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1));
        Assert.True(limiter.TryAcquire("a:other", "t1", out _, out _));
        Assert.True(limiter.TryAcquire("a:third", "t2", out _, out _));
    }

    [Fact]
    public void A_send_still_in_flight_counts_as_now_until_its_response_arrives()
    {
        var clock = new ManualClock(Scenario.Start);
        var limiter = new SendRateLimiter(clock, tenantPerSecond: 1000);
        var permits = Enumerable.Range(0, 7)
            .Select(i => { limiter.TryAcquire("a:c", null, out var p, out _); return p!; }).ToList();

        clock.Advance(TimeSpan.FromSeconds(5)); // responses slow to come back
        Assert.False(limiter.TryAcquire("a:c", null, out _, out var wait));
        Assert.True(wait < TimeSpan.FromMilliseconds(50)); // it looks again soon, not a whole window later

        permits.ForEach(p => p.Dispose()); // the responses arrive now: the window starts now
        Assert.False(limiter.TryAcquire("a:c", null, out _, out wait));
        Assert.Equal(TimeSpan.FromSeconds(1), wait);
    }

    [Fact]
    public void Responses_taken_in_another_order_than_their_times_still_count_the_newest_first()
    {
        // Two threads can read the clock in one order and take the log's lock in the other: the later time is logged
        // first. The window must still run from the newest times.
        var clock = new ManualClock(Scenario.Start);
        var limiter = new SendRateLimiter(clock, tenantPerSecond: 1000);
        var permits = Enumerable.Range(0, 7)
            .Select(i => { limiter.TryAcquire("a:c", null, out var p, out _); return p!; }).ToList();
        clock.Set(Scenario.Start.AddMilliseconds(900));
        permits[0].Dispose(); // logged at 0.9 s
        clock.Set(Scenario.Start.AddMilliseconds(100));
        permits.Skip(1).ToList().ForEach(p => p.Dispose()); // six logged at 0.1 s, after it

        clock.Set(Scenario.Start.AddMilliseconds(1000));
        Assert.False(limiter.TryAcquire("a:c", null, out _, out var wait));
        Assert.Equal(TimeSpan.FromMilliseconds(100), wait); // the seventh newest is a 0.1 s one: free at 1.1 s
        clock.Set(Scenario.Start.AddMilliseconds(1100));
        Assert.True(limiter.TryAcquire("a:c", null, out var next, out _));
        next!.Dispose();
        // eight within two seconds now: the eighth newest (a 0.1 s one) frees the next send at 2.1 s
        clock.Set(Scenario.Start.AddMilliseconds(1150));
        Assert.False(limiter.TryAcquire("a:c", null, out _, out wait));
        Assert.Equal(TimeSpan.FromMilliseconds(950), wait);
    }
}
