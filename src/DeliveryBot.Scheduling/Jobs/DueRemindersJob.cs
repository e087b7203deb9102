using DeliveryBot.Application.Reminders;
using Quartz;

namespace DeliveryBot.Scheduling.Jobs;

/// <summary>
/// Takes every reminder step that is due now. The schedule itself is not kept in Quartz: each delivery's next due time
/// is derived from its record by the domain's policy and saved with it, in the same transaction, so a changed cadence,
/// a pause or an acknowledged gate reschedules by being saved. This job reads that index, reloads each due delivery,
/// asks the policy again and acts only on what is still due (<see cref="ReminderSweep"/>). One runs at a time in the
/// whole cluster; a slot missed while every instance was down fires once on start, not once per missed slot.
/// </summary>
[DisallowConcurrentExecution]
public sealed class DueRemindersJob(ReminderSweep sweep) : IJob
{
    public static readonly JobKey Key = new("due-reminders", "deliverybot");

    /// <summary>
    /// Deliveries taken per query; a pass that took steps is followed by another until one takes none.
    /// </summary>
    private const int Batch = 200;

    /// <summary>Passes per run at most (200,000 deliveries); whatever is left waits for the next run.</summary>
    private const int MaxPasses = 1000;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var steps = 0;
        for (var pass = 0; pass < MaxPasses; pass++)
        {
            var taken = await sweep.RunAsync(Batch, cancellationToken);
            if (taken == 0) break;
            steps += taken;
        }
        // What a pass wrote to the outbox goes now, not at the outbox job's next slot.
        if (steps > 0) await context.Scheduler.TriggerJob(OutboxJob.Key, cancellationToken);
    }
}
