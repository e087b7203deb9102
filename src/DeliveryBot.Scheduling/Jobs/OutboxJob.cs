using DeliveryBot.Application.Messages;
using DeliveryBot.Application.Storage;
using Hangfire;

namespace DeliveryBot.Scheduling.Jobs;

/// <summary>
/// Sends what waits in the outbox until nothing due is left, or until what it claimed waits on Teams' limits. One pass
/// at a time across instances (<see cref="IJobLock"/>), so one process's rate limiter paces every send to Teams.
/// </summary>
public sealed class OutboxJob(IOutboxSender sender, IJobLock locks)
{
    public const string Id = "outbox";

    private const int Batch = 200;

    /// <summary>
    /// How long a pass waits for the rows it claimed. A chat Teams holds back can keep rows waiting for minutes; a
    /// pass that waited for them held its lock as long, and no retry fell due meanwhile on any instance. What is left
    /// waiting stays claimed in this process and goes in its turn; the next pass (every few seconds) claims the rest.
    /// </summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var held = await locks.TryTakeAsync(Id, cancellationToken);
        if (held is null) return;
        // another batch only while the last was all dealt with: one left waiting means Teams sets the pace
        while (await sender.DispatchAsync(Batch, Patience, cancellationToken)
               is { Claimed: >= Batch, Settled: true }) { }
    }
}
