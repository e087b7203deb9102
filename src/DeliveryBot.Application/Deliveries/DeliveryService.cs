using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;

namespace DeliveryBot.Application.Deliveries;

/// <summary>The answer to a command on a stored delivery; <see cref="Delivery"/> is null when there is no such delivery.</summary>
public sealed record DeliveryResult(Outcome Outcome, Delivery? Delivery);

/// <summary>
/// Runs a domain command on a stored delivery: load, decide, save. Commands on one delivery take turns in this
/// process; when another instance saved first, the command is decided again on the fresh record (a card click then
/// answers as stale or already decided), so no update is lost.
/// </summary>
public sealed class DeliveryService(IDeliveryStore store, TimeProvider clock)
{
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
            var before = delivery.Version;
            var now = clock.GetUtcNow();
            var outcome = delivery.Execute(command, new CommandMeta(commandId, actor, now, source, expectedVersion));
            if (!outcome.Changed) return new DeliveryResult(outcome, delivery);
            try
            {
                await store.SaveAsync(delivery, before, now, ct);
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
}
