namespace DeliveryBot.Storage.Sql;

/// <summary>
/// Writes small, independent updates (outbox rows marked sent) together: the first caller writes at once; whoever asks
/// while that write runs joins the next one, so a burst of sends costs a few statements, not one each. A caller returns
/// when the write holding its id has committed, or fails with that write's exception.
/// </summary>
/// <remarks>
/// One write runs at a time, so the writer reuses its lists (a mark is made behind every card sent): the ids handed to
/// <c>write</c> are valid until its task ends, and must not be kept after.
/// </remarks>
internal sealed class Batcher(Func<IReadOnlyList<long>, DateTimeOffset, Task> write)
{
    /// <summary>The most ids in one statement (well under SQLite's and PostgreSQL's parameter limits).</summary>
    public const int Most = 500;

    private readonly Lock _gate = new();
    private readonly List<Mark> _waiting = [];
    private bool _writing;

    /// <summary>The batch being written and its ids: the writer's alone.</summary>
    private readonly List<Mark> _batch = [];
    private readonly List<long> _ids = [];

    private readonly record struct Mark(long Id, DateTimeOffset At, TaskCompletionSource Done);

    public Task MarkAsync(long id, DateTimeOffset at)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _waiting.Add(new Mark(id, at, done));
            if (_writing) return done.Task;
            _writing = true;
        }
        // started here, not queued: the write itself only joins the next commit (no thread, no task per burst)
        _ = WriteAllAsync();
        return done.Task;
    }

    private async Task WriteAllAsync()
    {
        while (true)
        {
            _batch.Clear();
            _ids.Clear();
            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    _writing = false;
                    return;
                }
                var take = Math.Min(_waiting.Count, Most);
                for (var i = 0; i < take; i++) _batch.Add(_waiting[i]);
                _waiting.RemoveRange(0, take);
            }
            // One time for the batch: the latest asked, which is still after the channel took each of them.
            var latest = DateTimeOffset.MinValue;
            foreach (var mark in _batch)
            {
                _ids.Add(mark.Id);
                if (mark.At > latest) latest = mark.At;
            }
            try
            {
                await write(_ids, latest);
                foreach (var mark in _batch) mark.Done.TrySetResult();
            }
            catch (Exception e)
            {
                foreach (var mark in _batch) mark.Done.TrySetException(e);
            }
        }
    }
}
