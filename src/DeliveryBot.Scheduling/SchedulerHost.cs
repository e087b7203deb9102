using DeliveryBot.Application.Messages;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace DeliveryBot.Scheduling;

/// <summary>
/// Starts the scheduler once storage is migrated (it is registered after storage), unless <c>Reminders:Enabled</c> is
/// false. Before the first job it releases the outbox claims this instance held when it last stopped, so a message a
/// crash left half-sent goes within one outbox interval of the restart instead of when its lease would have lapsed.
/// </summary>
internal sealed partial class SchedulerHost(
    ISchedulerFactory factory,
    IOutboxSender sender,
    IOptions<SchedulingOptions> options,
    ILogger<SchedulerHost> logger) : IHostedService
{
    private IScheduler? _scheduler;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            Disabled();
            return;
        }
        var released = await sender.RecoverAsync(cancellationToken);
        _scheduler = await factory.GetScheduler(cancellationToken);
        await _scheduler.Start(cancellationToken);
        Started(_scheduler.SchedulerInstanceId, options.Value.IntervalSeconds, options.Value.OutboxSeconds, released);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // Running jobs finish their current send; what they had claimed and not sent is released at the next start.
        if (_scheduler is { Status: SchedulerStatus.Running or SchedulerStatus.Standby })
            await _scheduler.Shutdown(waitForJobsToComplete: true, cancellationToken);
    }

    [LoggerMessage(EventId = 3400, Level = LogLevel.Information,
        Message = "Scheduler {Instance} started: due reminders every {Interval} s, outbox every {Outbox} s; "
            + "{Released} unsent messages from before the restart released")]
    private partial void Started(string instance, int interval, int outbox, int released);

    [LoggerMessage(EventId = 3401, Level = LogLevel.Warning,
        Message = "Reminders:Enabled is false: no reminder, nudge or escalation will be sent")]
    private partial void Disabled();
}
