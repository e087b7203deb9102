using DeliveryBot.Application.Messages;
using DeliveryBot.Scheduling.Jobs;
using DeliveryBot.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Quartz;

namespace DeliveryBot.Scheduling;

public static class DependencyInjection
{
    /// <summary>
    /// Quartz with its persistent store in the delivery database (the same SQLite file, or the same PostgreSQL database
    /// with clustering on, so a job fires once across instances), its schema created on first start; the reminder and
    /// outbox jobs; the scheduler in /healthz. Register after storage and the channel: the scheduler starts after both.
    /// </summary>
    public static IServiceCollection AddDeliveryScheduling(
        this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<SchedulingOptions>()
            .BindConfiguration(SchedulingOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(sp =>
            new SenderIdentity(sp.GetRequiredService<IOptions<SchedulingOptions>>().Value.NodeName));
        var options = configuration.GetSection(SchedulingOptions.Section).Get<SchedulingOptions>()
            ?? new SchedulingOptions();
        var database = DatabaseLocation.Resolve(configuration, environment);

        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(o =>
            {
                o.InstanceName = "deliverybot";
                o.GenerateInstanceId = true; // unique per process: required for clustering, harmless alone
            });
            q.UsePersistentStore(store =>
            {
                if (database.Provider == StorageProvider.Postgres)
                {
                    store.UsePostgres(database.ConnectionString);
                    store.UseClustering();
                }
                else
                {
                    store.UseSqlite(database.ConnectionString);
                }
                store.UseSystemTextJsonSerializer();
                store.ProvisionSchema();
            });

            q.AddJob<DueRemindersJob>(j => j.WithIdentity(DueRemindersJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(DueRemindersJob.Key)
                .WithIdentity(SchedulerHealthCheck.DueRemindersJobTrigger, SchedulerHealthCheck.Group)
                .StartNow()
                // A slot missed while the bot was down fires once now, then the interval resumes.
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(options.IntervalSeconds)).RepeatForever()
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NowWithExistingCount)));

            q.AddJob<OutboxJob>(j => j.WithIdentity(OutboxJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(OutboxJob.Key)
                .WithIdentity("outbox-every-interval", SchedulerHealthCheck.Group)
                .StartNow()
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(options.OutboxSeconds)).RepeatForever()
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NowWithExistingCount)));
        });
        services.AddHostedService<SchedulerHost>();
        services.AddHealthChecks().AddCheck<SchedulerHealthCheck>("scheduler");
        return services;
    }
}
