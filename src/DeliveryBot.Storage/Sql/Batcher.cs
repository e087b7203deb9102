namespace DeliveryBot.Storage.Sql;

/// <summary>
/// Writes small, independent updates (outbox rows marked sent) together: the first caller writes at once; whoever asks
/// while that write runs joins the next one, so a burst of sends costs a few statements, not one each. A caller returns
/// when the write holding its id has committed, or fails with that write's exception.
/// </summary>
internal sealed class Batcher(Func<IReadOnlyList<long>, DateTimeOffset, Task> write)
{
    /// <summary>The most ids in one statement (well under SQLite's and PostgreSQL's parameter limits).</summary>
    private const int Most = 500;

    private readonly Lock _gate = new();
    private List<(long Id, DateTimeOffset At, TaskCompletionSource Done)> _waiting = [];
    private bool _writing;

    public Task MarkAsync(long id, DateTimeOffset at)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool start;
        lock (_gate)
        {
            _waiting.Add((id, at, done));
            start = !_writing;
            _writing = true;
        }
        if (start) _ = Task.Run(WriteAllAsync);
        return done.Task;
    }

    private async Task WriteAllAsync()
    {
        while (true)
        {
            List<(long Id, DateTimeOffset At, TaskCompletionSource Done)> batch;
            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    _writing = false;
                    return;
                }
                batch = _waiting.Count <= Most ? _waiting : _waiting[..Most];
                _waiting = _waiting.Count <= Most ? [] : _waiting[Most..];
            }
            try
            {
                // One time for the batch: the latest asked, which is still after the channel took each of them.
                await write([.. batch.Select(b => b.Id)], batch.Max(b => b.At));
                foreach (var b in batch) b.Done.TrySetResult();
            }
            catch (Exception e)
            {
                foreach (var b in batch) b.Done.TrySetException(e);
            }
        }
    }
}
