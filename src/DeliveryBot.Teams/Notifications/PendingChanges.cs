using System.Threading.Channels;
using DeliveryBot.Application.Deliveries;
using DeliveryBot.Teams.Protocol;

namespace DeliveryBot.Teams.Notifications;

/// <summary>
/// Saved changes waiting for their cards to be redrawn and their notifications sent. The answer to a click must not
/// wait for that fan-out (Teams gives an invoke a few seconds), so it runs behind, in order, on one worker.
/// </summary>
public sealed class PendingChanges : IDeliveryChangeListener
{
    private readonly Channel<(DeliveryChanged Change, string? Tenant)> _changes =
        Channel.CreateUnbounded<(DeliveryChanged, string?)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _gate = new();
    private int _pending;
    private TaskCompletionSource _idle = Completed();

    public ValueTask OnChangedAsync(DeliveryChanged change, CancellationToken ct)
    {
        lock (_gate)
        {
            if (_pending++ == 0) _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        // The tenant of the turn that made the change, if a person made it in Teams: where their colleagues' 1:1 chats are.
        return _changes.Writer.WriteAsync((change, Turns.TurnContext.Current?.Activity.TenantId()), ct);
    }

    public IAsyncEnumerable<(DeliveryChanged Change, string? Tenant)> ReadAllAsync(CancellationToken ct) => _changes.Reader.ReadAllAsync(ct);

    /// <summary>Called by the worker when a change is fully handled.</summary>
    public void Done()
    {
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
