using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Quartz;

namespace DeliveryBot.Scheduling;

/// <summary>/healthz: the scheduler is running (or was turned off on purpose) and its store answers.</summary>
internal sealed class SchedulerHealthCheck(ISchedulerFactory factory, IOptions<SchedulingOptions> options)
    : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!options.Value.Enabled) return HealthCheckResult.Healthy("scheduler turned off (Reminders:Enabled=false)");
        try
        {
            var scheduler = await factory.GetScheduler(cancellationToken);
            var status = scheduler.Status;
            if (status is SchedulerStatus.Created or SchedulerStatus.Standby)
                return HealthCheckResult.Degraded($"scheduler {status}");
            if (status is not SchedulerStatus.Running) return HealthCheckResult.Unhealthy($"scheduler {status}");
            // Reading a trigger goes to the job store: the database Quartz keeps its state in answers.
            var trigger = await scheduler.GetTrigger(new TriggerKey(DueRemindersJobTrigger, Group), cancellationToken);
            var next = trigger?.NextFireTimeUtc;
            return next is null
                ? HealthCheckResult.Unhealthy("the reminder pass is not scheduled")
                : HealthCheckResult.Healthy(
                    $"scheduler {scheduler.SchedulerInstanceId} running, next reminder pass {next:O}");
        }
        catch (SchedulerException e)
        {
            return HealthCheckResult.Unhealthy("scheduler store unavailable", e);
        }
    }

    internal const string Group = "deliverybot";
    internal const string DueRemindersJobTrigger = "due-reminders-every-interval";
}
