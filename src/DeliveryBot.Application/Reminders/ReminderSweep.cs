using DeliveryBot.Application.Deliveries;
using DeliveryBot.Application.Messages;
using DeliveryBot.Application.Storage;
using DeliveryBot.Application.Telemetry;
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
public sealed partial class ReminderSweep(
    IDeliveryStore store,
    IOutbox outbox,
    DeliveryService deliveries,
    TimeProvider clock,
    ILogger<ReminderSweep> logger)
{
    public const string Source = "scheduler";

    /// <summary>
    /// Failed passes in a row after which a delivery's reminders are parked and its Delivery Manager is told.
    /// </summary>
    public const int ParkAfter = 3;

    /// <summary>The longest a parked delivery waits before it is tried again.</summary>
    public static readonly TimeSpan LongestWait = TimeSpan.FromHours(1);

    /// <summary>
    /// Deliveries whose reminders failed, how often in a row, and when to try them again (in this process).
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (int Failures, DateTimeOffset Until)>
        _failing = new(StringComparer.Ordinal);

    /// <summary>
    /// Acts on everything due now, across deliveries (at most <paramref name="limit"/> deliveries a pass); how many
    /// steps it took.
    /// </summary>
    public async Task<int> RunAsync(int limit, CancellationToken ct)
    {
        // one trace per pass: what it writes to the outbox links back to it
        using var span = DeliveryTelemetry.Source.StartActivity("reminders.pass");
        var steps = 0;
        var now = clock.GetUtcNow();
        // Failing deliveries stay due, soonest first: ask for as many more as are waiting, so they never crowd out the
        // rest.
        foreach (var id in await store.DueAsync(now, limit + _failing.Count, ct))
        {
            // backing off
            if (_failing.TryGetValue(id, out var failing) && now < failing.Until) continue;
            try
            {
                steps += await RunAsync(id, ct);
                _failing.TryRemove(id, out _);
            }
            catch (Exception e) when (e is not (OperationCanceledException or StorageUnavailableException))
            {
                // One delivery whose step fails (a record the policy cannot place) must not hold up every other
                // delivery's reminders; a database that cannot be used fails the whole pass, to be run again.
                DeliveryFailed(e, id);
                await BackOffAsync(id, e, now, ct);
            }
        }
        if (span is { IsAllDataRequested: true }) span.SetTag("deliverybot.reminders.steps", steps);
        return steps;
    }

    /// <summary>
    /// Waits longer after each failure (30 s, 1 min, 2 min, … up to an hour) and, at the <see cref="ParkAfter"/>th in
    /// a row, tells the Delivery Manager their reminders are held up and why, once a day: nobody else would notice.
    /// </summary>
    private async Task BackOffAsync(string deliveryKey, Exception failure, DateTimeOffset now, CancellationToken ct)
    {
        var failures = (_failing.TryGetValue(deliveryKey, out var before) ? before.Failures : 0) + 1;
        var wait = TimeSpan.FromSeconds(15 * Math.Pow(2, Math.Min(failures, 10)));
        _failing[deliveryKey] = (failures, now + (wait < LongestWait ? wait : LongestWait));
        if (failures != ParkAfter) return;
        try
        {
            if (await store.FindAsync(deliveryKey, ct) is not { } delivery
                || delivery.HolderOf(Role.DeliveryManager) is not { ObjectId: not null } manager) return;
            var why = failure is Domain.Common.RuleViolation
                ? failure.Message
                : "an unexpected error (in the bot's log)";
            var text = $"**{delivery.Id}** · {Domain.Rendering.MarkdownText.Escape(delivery.State.Client)}: " +
                "its reminders, nudges and escalations are " +
                $"held up: I could not work out what is due ({Domain.Rendering.MarkdownText.Escape(why)}). " +
                "I will keep trying, less often; fixing the " +
                $"delivery's settings (`plan {delivery.Id}`) lets them go again.";
            await outbox.EnqueueAsync(new Notice(delivery.Key, text, manager) { TenantId = delivery.State.TenantId }
                .ToOutbox($"{delivery.Key}:reminders-held:{now:yyyy-MM-dd}", now), ct);
            RemindersParked(deliveryKey, ParkAfter);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // telling them failed too: the log has both
            DeliveryFailed(e, deliveryKey);
        }
    }

    /// <summary>
    /// Acts on what is due now for one delivery, in order, until nothing more is (one step can make the next due).
    /// </summary>
    public async Task<int> RunAsync(string deliveryId, CancellationToken ct)
    {
        var steps = 0;
        for (var pass = 0; pass < 100; pass++)
        {
            var delivery = await store.FindAsync(deliveryId, ct);
            if (delivery is null || ReminderPolicy.Due(delivery, clock.GetUtcNow()) is not [var due, ..]) return steps;
            if (ReminderSteps.IsMessage(due))
                await outbox.EnqueueAsync(OutboxKinds.Row(
                    new ReminderMessage(
                        DeliveryId: deliveryId,
                        Kind: due.Kind,
                        Key: due.Key,
                        Subject: due.Subject,
                        Reference: due.Reference,
                        Recipient: due.Recipient) { FellDueAt = due.DueAt },
                    $"{deliveryId}:{due.Key}",
                    OutboxKinds.PersonLane(due.Recipient),
                    clock.GetUtcNow()), ct);
            var commands = ReminderSteps.For(due);
            for (var i = 0; i < commands.Count; i++)
            {
                var result = await deliveries.ExecuteAsync(
                    deliveryId,
                    commands[i],
                    commandId: $"{deliveryId}:{due.Key}:{i}",
                    actor: Person.System,
                    source: Source,
                    ct: ct);
                // the record refused the step (it changed meanwhile): the next pass asks the policy again
                if (i == 0
                    && result.Outcome.Kind is not (
                        OutcomeKind.Applied or OutcomeKind.Duplicate or OutcomeKind.AlreadyDecided))
                    return steps;
            }
            steps++;
        }
        return steps;
    }

    [LoggerMessage(EventId = 3300, Level = LogLevel.Error,
        Message = "Reminders of delivery {DeliveryId} could not be taken this pass; the others went on")]
    private partial void DeliveryFailed(Exception e, string deliveryId);

    [LoggerMessage(EventId = 3301, Level = LogLevel.Warning,
        Message = "Reminders of delivery {DeliveryId} failed {Failures} passes in a row: " +
            "they are tried less often, and its Delivery Manager was told")]
    private partial void RemindersParked(string deliveryId, int failures);
}
