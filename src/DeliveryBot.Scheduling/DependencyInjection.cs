using DeliveryBot.Scheduling.Dashboard;
using DeliveryBot.Scheduling.Jobs;
using DeliveryBot.Storage;
using DeliveryBot.Application.Messages;
using Hangfire;
using Hangfire.Common;
using Hangfire.AspNetCore;
using Hangfire.Dashboard;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeliveryBot.Scheduling;

public static class DependencyInjection
{
    /// <summary>
    /// Hangfire with its storage (in memory, or the shared PostgreSQL database), the reminder and outbox passes as
    /// recurring jobs, its server, and the scheduler in /healthz. Register after storage and the channel: the scheduler
    /// starts after both.
    /// </summary>
    /// <remarks>
    /// Hangfire's own AddHangfire keeps its storage and filters in process-wide statics; everything here is built from
    /// this host's container instead, so several hosts in one process (the tests) never share a job store.
    /// </remarks>
    public static IServiceCollection AddDeliveryScheduling(
        this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<SchedulingOptions>()
            .BindConfiguration(SchedulingOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(sp =>
            new SenderIdentity(sp.GetRequiredService<IOptions<SchedulingOptions>>().Value.NodeName));
        var database = DatabaseLocation.Resolve(configuration, environment);

        services.AddSingleton(sp =>
        {
            HangfireLogBridge.Use(sp.GetRequiredService<ILoggerFactory>());
            return JobStorageFactory.Create(database);
        });
        services.AddSingleton<JobActivator>(sp =>
            new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddSingleton<IRecurringJobManager>(sp => new RecurringJobManager(
            sp.GetRequiredService<JobStorage>(), JobFilterProviders.Providers));
        // What the dashboard's endpoint looks up (it is mapped only when turned on).
        services.AddSingleton(_ => DashboardRoutes.Routes);
        services.AddSingleton<IGlobalConfiguration>(_ => GlobalConfiguration.Configuration);
        services.AddSingleton<SchedulerStart>();
        services.AddTransient<DueRemindersJob>();
        services.AddTransient<OutboxJob>();
        services.AddTransient<WeeklyDigestJob>();
        services.AddTransient<OutboxRetentionJob>();

        // The host first (it releases what a crash left claimed and schedules the passes), then Hangfire's server,
        // which takes its first pass once the application has started.
        services.AddHostedService<SchedulerHost>();
        if (configuration.GetSection(SchedulingOptions.Section).Get<SchedulingOptions>() is not { Enabled: false })
            services.AddHostedService(sp => JobServer.Create(sp));
        services.AddHealthChecks().AddCheck<SchedulerHealthCheck>(
            "scheduler", tags: [Application.Telemetry.HealthTags.Ready]);
        OperatorDashboard.AddOperatorDashboard(services, configuration);
        return services;
    }
}
