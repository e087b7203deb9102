using DeliveryBot.Application.Messages;
using DeliveryBot.Scheduling.Jobs;
using Hangfire;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DeliveryBot.Scheduling;

/// <summary>
/// Prepares the scheduler once storage is migrated (it is registered after storage), unless <c>Reminders:Enabled</c>
/// is false. Before the first pass it releases the outbox claims this instance held when it last stopped, so a message
/// a crash left half-sent goes within one outbox interval of the restart instead of when its lease would have lapsed.
/// Then it writes the recurring passes (reminders, outbox, weekly digest, the outbox's retention; the same definition
/// from every instance: writing it again is harmless) and queues one reminder pass and one digest pass now: whatever
/// fell due while the bot was down goes once, at start, not once per missed slot and not at the next slot.
/// </summary>
internal sealed partial class SchedulerHost(
    IRecurringJobManager jobs,
    IOutboxSender sender,
    IOptions<SchedulingOptions> options,
    SchedulerStart start,
    TimeProvider clock,
    ILogger<SchedulerHost> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            Disabled();
            return;
        }
        var released = await sender.RecoverAsync(cancellationToken);
        var utc = new RecurringJobOptions
        {
            TimeZone = TimeZoneInfo.Utc,
            MisfireHandling = MisfireHandlingMode.Relaxed,
        };
        jobs.AddOrUpdate<DueRemindersJob>(
            DueRemindersJob.Id, job => job.RunAsync(CancellationToken.None), Every(settings.IntervalSeconds), utc);
        jobs.AddOrUpdate<OutboxJob>(
            OutboxJob.Id, job => job.RunAsync(CancellationToken.None), Every(settings.OutboxSeconds), utc);
        jobs.AddOrUpdate<WeeklyDigestJob>(
            WeeklyDigestJob.Id, job => job.RunAsync(CancellationToken.None), Every(settings.DigestSeconds), utc);
        jobs.AddOrUpdate<OutboxRetentionJob>(
            OutboxRetentionJob.Id, job => job.RunAsync(CancellationToken.None), OutboxRetentionJob.Schedule, utc);
        jobs.Trigger(DueRemindersJob.Id);
        // a digest that fell due while the bot was down goes now, not at the digest job's next slot
        jobs.Trigger(WeeklyDigestJob.Id);
        start.At = clock.GetUtcNow();
        Started(settings.NodeName, settings.IntervalSeconds, settings.OutboxSeconds, released);
    }

    /// <summary>How long a graceful stop lets the sends under way finish before it hands the rest back.</summary>
    public static readonly TimeSpan SendsGrace = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A graceful stop (SIGTERM), after Hangfire's server has stopped (it was registered after this, so it stops
    /// first): the sends under way finish, and every row still claimed here is released, so the next instance sends it
    /// on its first pass instead of after the lease. A crash instead leaves the release to the next start.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            var released = await sender.HandBackAsync(SendsGrace, cancellationToken);
            HandedBack(options.Value.NodeName, released);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // the database is gone or the stop ran out of time: as after a crash, the next start releases them
            HandBackFailed(e, options.Value.NodeName);
        }
    }

    private static string Every(int seconds) => CronSchedule.EverySeconds(seconds)
        ?? throw new InvalidOperationException($"{seconds} s has no cron schedule (validated at start)");

    [LoggerMessage(EventId = 3400, Level = LogLevel.Information,
        Message = "Scheduler on {Node} started: due reminders every {Interval} s, outbox every {Outbox} s; "
            + "{Released} unsent messages from before the restart released")]
    private partial void Started(string node, int interval, int outbox, int released);

    [LoggerMessage(EventId = 3402, Level = LogLevel.Information,
        Message = "Scheduler on {Node} stopping: {Released} claimed, unsent messages handed back")]
    private partial void HandedBack(string node, int released);

    [LoggerMessage(EventId = 3403, Level = LogLevel.Warning,
        Message = "Scheduler on {Node} stopping: its claimed outbox messages could not be handed back; "
            + "they go when their lease lapses or this node starts again")]
    private partial void HandBackFailed(Exception e, string node);

    [LoggerMessage(EventId = 3401, Level = LogLevel.Warning,
        Message = "Reminders:Enabled is false: no reminder, nudge or escalation will be sent")]
    private partial void Disabled();
}
