using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Common;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;

namespace DeliveryBot.Application.Deliveries;

/// <summary>The answer to a command on a stored delivery; <see cref="Delivery"/> is null when there is no such delivery.</summary>
public sealed record DeliveryResult(Outcome Outcome, Delivery? Delivery);

/// <summary>The answer to an intake: the delivery opened (or opened before by the same submission), or why not.</summary>
public sealed record OpenResult(Delivery? Delivery, string Message);

/// <summary>
/// Runs a domain command on a stored delivery: load, decide, save. Commands on one delivery take turns in this
/// process; when another instance saved first, the command is decided again on the fresh record (a card click then
/// answers as stale or already decided), so no update is lost.
/// </summary>
public sealed class DeliveryService(IDeliveryStore store, TimeProvider clock, IEnumerable<IDeliveryChangeListener> listeners)
{
    private readonly IDeliveryChangeListener[] _listeners = [.. listeners];
    private const int Attempts = 10;
    private readonly KeyedLock _turns = new();

    public async Task<DeliveryResult> ExecuteAsync(string deliveryId, DeliveryCommand command, string commandId, Person actor, string source,
        long? expectedVersion = null, CancellationToken ct = default)
    {
        using var turn = await _turns.AcquireAsync(deliveryId, ct);
        for (var attempt = 1; ; attempt++)
        {
            var delivery = await store.FindAsync(deliveryId, ct);
            if (delivery is null)
                return new DeliveryResult(new Outcome(OutcomeKind.Refused, $"There is no delivery {deliveryId}. `list` shows the open ones.", 0, []), null);
            var before = delivery.State;
            var now = clock.GetUtcNow();
            var outcome = delivery.Execute(command, new CommandMeta(commandId, actor, now, source, expectedVersion));
            if (!outcome.Changed) return new DeliveryResult(outcome, delivery);
            try
            {
                await store.SaveAsync(delivery, before.Version, now, ct);
                await PublishAsync(new DeliveryChanged(Delivery.Restore(before), delivery, actor, source, commandId), ct);
                return new DeliveryResult(outcome, delivery);
            }
            catch (ConcurrencyConflictException) when (attempt < Attempts)
            {
                // Another instance changed the record since it was read: decide again on what is there now.
            }
            catch (ConcurrencyConflictException)
            {
                return new DeliveryResult(new Outcome(OutcomeKind.Refused,
                    $"Delivery {deliveryId} is changing too fast to apply this now; nothing changed. Please try again.", delivery.Version, []), delivery);
            }
        }
    }

    /// <summary>
    /// Opens a delivery from an intake, with the next free id. The same submission again (a Teams retry, a double
    /// click) answers with the delivery it opened the first time.
    /// </summary>
    public async Task<OpenResult> OpenAsync(Intake intake, string commandId, Person actor, string source, CancellationToken ct = default)
    {
        using var turn = await _turns.AcquireAsync($"open:{commandId}", ct); // a double click in this process waits for the first
        if (await store.FindCommandAsync(commandId, ct) is { } done)
            return new OpenResult(await store.FindAsync(done.DeliveryId, ct), done.Answer);
        for (var attempt = 1; ; attempt++)
        {
            var id = await store.NextDeliveryIdAsync(ct);
            var now = clock.GetUtcNow();
            Delivery delivery;
            try
            {
                delivery = Delivery.Open(id, intake, new CommandMeta(commandId, actor, now, source));
            }
            catch (RuleViolation e)
            {
                return new OpenResult(null, e.Message);
            }
            try
            {
                await store.SaveAsync(delivery, 0, now, ct);
            }
            catch (ConcurrencyConflictException) when (attempt < Attempts)
            {
                continue; // the id was taken outside the counter (an import): take the next one
            }
            await PublishAsync(new DeliveryChanged(null, delivery, actor, source, commandId), ct);
            return new OpenResult(delivery, delivery.FirstAnswerTo(commandId) ?? $"Delivery {id} opened.");
        }
    }

    private async Task PublishAsync(DeliveryChanged change, CancellationToken ct)
    {
        foreach (var listener in _listeners) await listener.OnChangedAsync(change, ct);
    }
}
