using System.Threading.Channels;
using DeliveryBot.Application.Deliveries;
using DeliveryBot.Teams.Cards;
using DeliveryBot.Teams.Protocol;

namespace DeliveryBot.Teams.Notifications;

/// <summary>
/// Saved changes waiting for their cards to be redrawn and their notifications sent. The answer to a click must not
/// wait for that fan-out (Teams gives an invoke a few seconds), so it runs behind, in order, on one worker.
/// It also knows the newest version queued for each delivery, so a burst of changes (a scheduler pass takes several
/// steps on one delivery) redraws the posted cards once, from the newest state, not once per step.
/// </summary>
public sealed class PendingChanges : IDeliveryChangeListener
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _newest = new(StringComparer.Ordinal);
    private readonly Channel<(DeliveryChanged Change, ChangeOrigin Origin)> _changes =
        Channel.CreateUnbounded<(DeliveryChanged, ChangeOrigin)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _gate = new();
    private int _pending;
    private TaskCompletionSource _idle = Completed();

    public ValueTask OnChangedAsync(DeliveryChanged change, CancellationToken ct)
    {
        lock (_gate)
        {
            if (_pending++ == 0) _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        _newest.AddOrUpdate(change.After.Id, change.After.Version, (_, queued) => Math.Max(queued, change.After.Version));
        return _changes.Writer.WriteAsync((change, ChangeOrigin.Of(Turns.TurnContext.Current)), ct);
    }

    public IAsyncEnumerable<(DeliveryChanged Change, ChangeOrigin Origin)> ReadAllAsync(CancellationToken ct) => _changes.Reader.ReadAllAsync(ct);

    /// <summary>Whether a newer change of this delivery is already queued (its redraw will show this one too).</summary>
    public bool IsSuperseded(DeliveryChanged change)
        => _newest.TryGetValue(change.After.Id, out var newest) && newest > change.After.Version;

    /// <summary>Called by the worker when a change is fully handled.</summary>
    public void Done(DeliveryChanged change)
    {
        _newest.TryRemove(new KeyValuePair<string, long>(change.After.Id, change.After.Version)); // the newest is handled: forget the delivery
        lock (_gate)
        {
            if (--_pending == 0) _idle.TrySetResult();
        }
    }

    /// <summary>Completes when every change queued so far has been handled (tests and a graceful stop await it).</summary>
    public Task WhenIdleAsync()
    {
        lock (_gate) return _idle.Task;
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }
}

/// <summary>
/// Where a change came from in Teams, when a person made it there: the tenant (where their colleagues' 1:1 chats are)
/// and the card they clicked (whose answer already shows them what comes next on it).
/// </summary>
public sealed record ChangeOrigin(string? Tenant, CardRef? Clicked)
{
    public static ChangeOrigin Of(Turns.TurnContext? turn)
    {
        if (turn is null) return new(null, null);
        var clicked = turn.Activity is { Type: ActivityTypes.Invoke, Value: { } value }
            && value.TryGetProperty("action", out var action) && action.TryGetProperty("data", out var data)
            && data.ValueKind == System.Text.Json.JsonValueKind.Object
            && data.TryGetProperty("card", out var card) && data.TryGetProperty("deliveryId", out var id)
            && card.ValueKind == System.Text.Json.JsonValueKind.String && id.ValueKind == System.Text.Json.JsonValueKind.String
                ? new CardRef(card.GetString()!, id.GetString()!, data.TryGetProperty("focus", out var f) && f.ValueKind == System.Text.Json.JsonValueKind.String ? f.GetString()! : "")
                : null;
        return new(turn.Activity.TenantId(), clicked);
    }
}
