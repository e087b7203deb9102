using System.Net;
using DeliveryBot.Teams.Endpoint;
using DeliveryBot.Teams.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DeliveryBot.Teams.Tests;

/// <summary>
/// Once the bot is stopping (SIGTERM), a new activity is not taken: 503 with Retry-After, which the Bot Connector
/// retries, by then on another instance or this one restarted.
/// </summary>
public sealed class StoppingTests : ChannelTest
{
    private readonly Stopping _stopping = new();

    protected override Action<IServiceCollection> TestServices
        => services => services.AddSingleton<StoppingSignal>(_stopping);

    [Fact]
    public async Task A_new_activity_while_the_bot_is_stopping_is_refused_with_503_and_retry_after()
    {
        using (var before = await PostAsync(Activities.Message(Connector.ServiceUrl, "help", id: "before-stop")))
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        _stopping.Now = true;
        using var after = await PostAsync(Activities.Message(Connector.ServiceUrl, "help", id: "after-stop"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, after.StatusCode);
        Assert.NotNull(after.Headers.RetryAfter?.Delta);
        Assert.DoesNotContain(Connector.Sends, c => c.Path.EndsWith("/after-stop", StringComparison.Ordinal));
    }

    [Fact]
    public void The_signal_follows_the_host_s_stopping()
    {
        using var lifetime = new FakeLifetime();
        var signal = new StoppingSignal(lifetime);
        Assert.False(signal.IsStopping);

        lifetime.StopApplication();

        Assert.True(signal.IsStopping);
    }

    private sealed class Stopping() : StoppingSignal(new FakeLifetime())
    {
        public bool Now { get; set; }
        public override bool IsStopping => Now;
    }

    private sealed class FakeLifetime : IHostApplicationLifetime, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new();
        public CancellationToken ApplicationStarted => CancellationToken.None;
        public CancellationToken ApplicationStopping => _stopping.Token;
        public CancellationToken ApplicationStopped => CancellationToken.None;
        public void StopApplication() => _stopping.Cancel();
        public void Dispose() => _stopping.Dispose();
    }
}
