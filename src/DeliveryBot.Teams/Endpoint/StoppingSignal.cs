using Microsoft.Extensions.Hosting;

namespace DeliveryBot.Teams.Endpoint;

/// <summary>
/// Whether the bot is stopping (SIGTERM received), so new activities are turned away while those in hand finish. Its
/// own type so a test can put the endpoint in that state without stopping the host it runs in.
/// </summary>
internal class StoppingSignal(IHostApplicationLifetime lifetime)
{
    public virtual bool IsStopping => lifetime.ApplicationStopping.IsCancellationRequested;
}
