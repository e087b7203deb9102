using DeliveryBot.Application.Storage;
using Microsoft.Extensions.Logging;

namespace DeliveryBot.Application.Messages;

/// <summary>
/// Deletes what the outbox sent longer ago than it is kept. A sent row is needed only while its idempotency key may be
/// written again (a pass run twice, a click repeated: minutes), yet a click writes two and they would stay for ever,
/// growing the table and its key index. Rows not sent (waiting, or given up) stay whatever their age: they are what
/// did not reach someone.
/// </summary>
public sealed partial class OutboxRetention(IOutbox outbox, TimeProvider clock, ILogger<OutboxRetention> logger)
{
    /// <summary>Rows read per transaction: short enough not to hold up the clicks committing alongside.</summary>
    public const int Batch = 500;

    /// <summary>Batches per run at most (a million rows); the rest waits for the next run.</summary>
    private const int MaxBatches = 2000;

    /// <summary>
    /// Deletes the messages sent more than <paramref name="keep"/> ago, <paramref name="batch"/> rows read a
    /// transaction; how many.
    /// </summary>
    public async Task<int> RunAsync(TimeSpan keep, int batch = Batch, CancellationToken ct = default)
    {
        var before = clock.GetUtcNow() - keep;
        var deleted = 0;
        long? after = 0;
        for (var i = 0; i < MaxBatches && after is { } from; i++)
        {
            var step = await outbox.PruneSentAsync(from, before, batch, ct);
            deleted += step.Deleted;
            after = step.Next;
        }
        if (deleted > 0) Pruned(deleted, before);
        return deleted;
    }

    [LoggerMessage(EventId = 3220, Level = LogLevel.Information,
        Message = "Outbox: {Deleted} messages sent before {Before:u} deleted")]
    private partial void Pruned(int deleted, DateTimeOffset before);
}
