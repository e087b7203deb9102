using DeliveryBot.Application.Digest;
using DeliveryBot.Application.Storage;
using Hangfire;

namespace DeliveryBot.Scheduling.Jobs;

/// <summary>
/// Writes the weekly digests that are due (<see cref="DigestSweep"/>): every organisation, a page at a time. Which
/// reader is due is worked out from their own Monday 09:00 each pass, so nothing is scheduled per reader; the outbox
/// key (one per reader and ISO week) makes a second pass, a restart or another instance write nothing more. One pass
/// runs at a time across instances (<see cref="IJobLock"/>); one started while another runs steps aside.
/// </summary>
public sealed class WeeklyDigestJob(DigestSweep sweep, IJobLock locks, IRecurringJobManager jobs)
{
    public const string Id = "weekly-digest";

    /// <summary>Organisations taken per page.</summary>
    private const int Batch = 100;

    /// <summary>Pages per run at most (100,000 organisations); whatever is left waits for the next run.</summary>
    private const int MaxPages = 1000;

    /// <summary>Not retried by Hangfire: the next slot is the retry.</summary>
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var held = await locks.TryTakeAsync(Id, cancellationToken);
        if (held is null) return;
        var written = 0;
        string? after = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var (wrote, next) = await sweep.RunAsync(after, Batch, cancellationToken);
            written += wrote;
            if (next is null) break;
            after = next;
        }
        // what the pass wrote goes now, not at the outbox job's next slot
        if (written > 0) jobs.Trigger(OutboxJob.Id);
    }
}
