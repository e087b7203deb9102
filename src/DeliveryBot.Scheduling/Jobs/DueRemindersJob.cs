using DeliveryBot.Application.Reminders;
using DeliveryBot.Application.Storage;
using Hangfire;

namespace DeliveryBot.Scheduling.Jobs;

/// <summary>
/// Takes every reminder step that is due now. The schedule itself is not kept in Hangfire: each delivery's next due
/// time is derived from its record by the domain's policy and saved with it, in the same transaction, so a changed
/// cadence, a pause or an acknowledged gate reschedules by being saved. This job reads that index, reloads each due
/// delivery, asks the policy again and acts only on what is still due (<see cref="ReminderSweep"/>). One pass runs at a
/// time across instances (<see cref="IJobLock"/>); a pass started while another runs steps aside, and the next slot
/// after a holder died carries on where it stopped, since what is still due is read again.
/// </summary>
public sealed class DueRemindersJob(ReminderSweep sweep, IJobLock locks, IRecurringJobManager jobs)
{
    public const string Id = "due-reminders";

    /// <summary>
    /// Deliveries taken per query; a pass that took steps is followed by another until one takes none.
    /// </summary>
    private const int Batch = 200;

    /// <summary>Passes per run at most (200,000 deliveries); whatever is left waits for the next run.</summary>
    private const int MaxPasses = 1000;

    /// <summary>
    /// Not retried by Hangfire: the next slot is the retry, and a retry queued behind it would only step aside.
    /// </summary>
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var held = await locks.TryTakeAsync(Id, cancellationToken);
        if (held is null) return;
        var steps = 0;
        for (var pass = 0; pass < MaxPasses; pass++)
        {
            var taken = await sweep.RunAsync(Batch, cancellationToken);
            if (taken == 0) break;
            steps += taken;
        }
        // What a pass wrote to the outbox goes now, not at the outbox job's next slot.
        if (steps > 0) jobs.Trigger(OutboxJob.Id);
    }
}
