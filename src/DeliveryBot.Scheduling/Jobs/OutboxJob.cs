using DeliveryBot.Application.Messages;
using Quartz;

namespace DeliveryBot.Scheduling.Jobs;

/// <summary>
/// Sends what waits in the outbox until nothing due is left. One runs at a time in the whole cluster, so one process's
/// rate limiter paces every send to Teams.
/// </summary>
[DisallowConcurrentExecution]
public sealed class OutboxJob(IOutboxSender sender) : IJob
{
    public static readonly JobKey Key = new("outbox", "deliverybot");

    private const int Batch = 200;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        while (await sender.DispatchAsync(Batch, cancellationToken) >= Batch) { }
    }
}
