using Hangfire;
using Hangfire.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DeliveryBot.Scheduling;

/// <summary>This instance's Hangfire server: workers that run the passes, and the scheduler that queues them.</summary>
internal static class JobServer
{
    /// <summary>
    /// Two passes and their triggered runs; more workers would only find the job lock taken.
    /// </summary>
    private const int Workers = 4;

    public static BackgroundJobServerHostedService Create(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<SchedulingOptions>>().Value;
        return new BackgroundJobServerHostedService(
            services.GetRequiredService<JobStorage>(),
            new BackgroundJobServerOptions
            {
                ServerName = options.NodeName,
                WorkerCount = Workers,
                Activator = services.GetRequiredService<JobActivator>(),
                FilterProvider = JobFilterProviders.Providers,
                // A recurring slot is queued at most this late (Hangfire's default is 15 s).
                SchedulePollingInterval = TimeSpan.FromSeconds(1),
                // /healthz and the dashboard list live servers: a dead one drops out within a minute.
                HeartbeatInterval = TimeSpan.FromSeconds(10),
                ServerTimeout = TimeSpan.FromMinutes(1),
                ServerCheckInterval = TimeSpan.FromMinutes(1),
            },
            additionalProcesses: [],
            services.GetRequiredService<IHostApplicationLifetime>());
    }
}
