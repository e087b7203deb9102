using DeliveryBot.Application.Deliveries;
using DeliveryBot.Application.Messages;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Policies;
using Microsoft.Extensions.Logging;

namespace DeliveryBot.Application.Reminders;

/// <summary>
/// One pass of the scheduler: for every delivery with something due, asks the domain's policy what is due now and,
/// for each, first writes the message to the outbox (keyed by delivery and reminder, so it is written once), then
/// applies the step to the record (<see cref="ReminderSteps"/>, keyed the same way, so it applies once). A crash
/// between the two is mended by the next pass: the policy offers the step again, the outbox already has its message,
/// the record takes the step. The outbox is drained by the channel, which records each send.
/// </summary>
public sealed partial class ReminderSweep(IDeliveryStore store, IOutbox outbox, DeliveryService deliveries, TimeProvider clock, ILogger<ReminderSweep> logger)
{
    public const string Source = "scheduler";

    /// <summary>Acts on everything due now, across deliveries (at most <paramref name="limit"/> deliveries a pass); how many steps it took.</summary>
    public async Task<int> RunAsync(int limit, CancellationToken ct)
    {
        var steps = 0;
        foreach (var id in await store.DueAsync(clock.GetUtcNow(), limit, ct))
        {
            try
            {
                steps += await RunAsync(id, ct);
            }
            catch (Exception e) when (e is not (OperationCanceledException or StorageUnavailableException))
            {
                // One delivery whose step fails (a record the policy cannot place) must not hold up every other
                // delivery's reminders; a database that cannot be used fails the whole pass, to be run again.
                DeliveryFailed(e, id);
            }
        }
        return steps;
    }

    /// <summary>Acts on what is due now for one delivery, in order, until nothing more is (one step can make the next due).</summary>
    public async Task<int> RunAsync(string deliveryId, CancellationToken ct)
    {
        var steps = 0;
        for (var pass = 0; pass < 100; pass++)
        {
            var delivery = await store.FindAsync(deliveryId, ct);
            if (delivery is null || ReminderPolicy.Due(delivery, clock.GetUtcNow()) is not [var due, ..]) return steps;
            if (ReminderSteps.IsMessage(due))
                await outbox.EnqueueAsync(OutboxKinds.Row(new ReminderMessage(deliveryId, due.Kind, due.Key, due.Subject, due.Reference, due.Recipient),
                    $"{deliveryId}:{due.Key}", OutboxKinds.PersonLane(due.Recipient), clock.GetUtcNow()), ct);
            var commands = ReminderSteps.For(due);
            for (var i = 0; i < commands.Count; i++)
            {
                var result = await deliveries.ExecuteAsync(deliveryId, commands[i], $"{deliveryId}:{due.Key}:{i}", Person.System, Source, ct: ct);
                if (i == 0 && result.Outcome.Kind is not (OutcomeKind.Applied or OutcomeKind.Duplicate or OutcomeKind.AlreadyDecided))
                    return steps; // the record refused the step (it changed meanwhile): the next pass asks the policy again
            }
            steps++;
        }
        return steps;
    }

    [LoggerMessage(EventId = 3300, Level = LogLevel.Error, Message = "Reminders of delivery {DeliveryId} could not be taken this pass; the others went on")]
    private partial void DeliveryFailed(Exception e, string deliveryId);
}
