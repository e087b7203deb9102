using DeliveryBot.Teams.Connector;
using DeliveryBot.TestKit;

namespace DeliveryBot.Teams.Tests;

/// <summary>
/// The app token is asked of Entra (MSAL) once, and again only shortly before it expires or when Entra asked for it to
/// be renewed; a failed renewal is not kept.
/// </summary>
public sealed class AppTokenCacheTests
{
    private readonly ManualClock _clock = new(Scenario.Start);
    private readonly Queue<Func<AppToken>> _answers = new();
    private int _asked;

    private AppTokenCache Cache() => new(_ =>
    {
        _asked++;
        return Task.FromResult(_answers.Dequeue()());
    }, _clock);

    private AppToken Lasting(string value, TimeSpan life, TimeSpan? refreshIn = null)
        => new(value, _clock.GetUtcNow() + life, refreshIn is { } r ? _clock.GetUtcNow() + r : null);

    [Fact]
    public async Task A_token_is_kept_until_five_minutes_before_it_expires()
    {
        var cache = Cache();
        _answers.Enqueue(() => Lasting("first", TimeSpan.FromHours(1)));
        _answers.Enqueue(() => Lasting("second", TimeSpan.FromHours(1)));

        Assert.Equal("first", await cache.GetAsync(default));
        _clock.Advance(TimeSpan.FromMinutes(54) + TimeSpan.FromSeconds(59));
        Assert.Equal("first", await cache.GetAsync(default));
        Assert.Equal(1, _asked);

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("second", await cache.GetAsync(default));
        Assert.Equal("second", await cache.GetAsync(default));
        Assert.Equal(2, _asked);
    }

    [Fact]
    public async Task A_token_entra_asks_to_renew_early_is_renewed_then()
    {
        var cache = Cache();
        _answers.Enqueue(() => Lasting("first", TimeSpan.FromHours(24), refreshIn: TimeSpan.FromHours(12)));
        _answers.Enqueue(() => Lasting("second", TimeSpan.FromHours(24)));

        await cache.GetAsync(default);
        _clock.Advance(TimeSpan.FromHours(12) - TimeSpan.FromSeconds(1));
        Assert.Equal("first", await cache.GetAsync(default));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("second", await cache.GetAsync(default));
    }

    [Fact]
    public async Task A_token_about_to_expire_is_not_kept_and_a_failed_renewal_is_asked_again()
    {
        var cache = Cache();
        _answers.Enqueue(() => Lasting("short", TimeSpan.FromMinutes(3)));
        _answers.Enqueue(() => throw new InvalidOperationException("Entra is down"));
        _answers.Enqueue(() => Lasting("renewed", TimeSpan.FromHours(1)));

        Assert.Equal("short", await cache.GetAsync(default));
        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.GetAsync(default));
        Assert.Equal("renewed", await cache.GetAsync(default));
        Assert.Equal("renewed", await cache.GetAsync(default));
        Assert.Equal(3, _asked);
    }
}
