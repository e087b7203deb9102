using DeliveryBot.Application.Messages;
using DeliveryBot.Application.Storage;
using Hangfire;

namespace DeliveryBot.Scheduling.Jobs;

/// <summary>
/// Sends what waits in the outbox until nothing due is left. One pass at a time across instances
/// (<see cref="IJobLock"/>), so one process's rate limiter paces every send to Teams.
/// </summary>
public sealed class OutboxJob(IOutboxSender sender, IJobLock locks)
{
    public const string Id = "outbox";

    private const int Batch = 200;

    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var held = await locks.TryTakeAsync(Id, cancellationToken);
        if (held is null) return;
        while (await sender.DispatchAsync(Batch, cancellationToken) >= Batch) { }
    }
}
