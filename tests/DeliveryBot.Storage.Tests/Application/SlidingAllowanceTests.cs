using DeliveryBot.Application.Limits;

namespace DeliveryBot.Storage.Tests.Application;

/// <summary>A count per key over a sliding window: what a person's commands and cards a day are capped by.</summary>
public sealed class SlidingAllowanceTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_key_has_its_limit_in_any_window_and_one_more_as_each_leaves_it()
    {
        var allowance = new SlidingAllowance(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1));

        int[] seconds = [0, 4, 8, 9, 10, 13, 14];
        var taken = seconds.Select(s => allowance.TryTake("contoso|oid-adele", 3, Start.AddSeconds(s)))
            .ToList();

        // 0, 4, 8 taken; 9 refused; at 10 the one of 0 has left (a window is 10 s exactly); 13 refused; 14 taken
        Assert.Equal([true, true, true, false, true, false, true], taken);
        Assert.Equal(Start.AddSeconds(18), allowance.NextAllowed("contoso|oid-adele", 3, Start.AddSeconds(14)));
        Assert.Null(allowance.NextAllowed("contoso|oid-adele", 3, Start.AddSeconds(18)));
    }

    [Fact]
    public void Keys_are_apart_and_a_refusal_counts_nothing()
    {
        var allowance = new SlidingAllowance(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1));
        Assert.True(allowance.TryTake("contoso|oid-adele", 1, Start));
        for (var i = 0; i < 5; i++) Assert.False(allowance.TryTake("contoso|oid-adele", 1, Start.AddSeconds(i)));

        Assert.True(allowance.TryTake("fabrikam|oid-adele", 1, Start));
        Assert.True(allowance.TryTake("contoso|oid-adele", 1, Start.AddSeconds(10)));
    }

    [Fact]
    public void A_day_s_allowance_counts_over_a_sliding_day()
    {
        var allowance = SlidingAllowance.Daily();
        allowance.Take("k", Start);
        allowance.Take("k", Start.AddHours(12));

        Assert.Equal(Start.AddDays(1), allowance.NextAllowed("k", 2, Start.AddHours(23)));
        Assert.Null(allowance.NextAllowed("k", 2, Start.AddDays(1)));
        Assert.True(allowance.TryTake("k", 2, Start.AddDays(1)));
        Assert.False(allowance.TryTake("k", 2, Start.AddDays(1).AddHours(11)));
    }
}
