using DeliveryBot.Application.Deliveries;

namespace DeliveryBot.Teams.Turns;

/// <summary>Tells the turn in progress which deliveries it has saved a change to (see <see cref="TurnContext.Saved"/>).</summary>
internal sealed class TurnChanges : IDeliveryChangeListener
{
    public ValueTask OnChangedAsync(DeliveryChanged change, CancellationToken ct)
    {
        TurnContext.Current?.MarkSaved(change.After.Id);
        return ValueTask.CompletedTask;
    }
}
