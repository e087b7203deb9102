using DeliveryBot.Storage.Sql;

namespace DeliveryBot.Storage.Tests.Writes;

/// <summary>
/// The batcher of outbox marks: what is asked while a write runs is written together next, nobody hears "done" before
/// the write holding their id ends, a failed write fails exactly its own callers, and no mark is left behind.
/// </summary>
public sealed class BatcherTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A write held until the test lets it go, recording what each call was given.</summary>
    private sealed class HeldWrites
    {
        public List<(long[] Ids, DateTimeOffset At)> Calls { get; } = [];
        public Queue<TaskCompletionSource> Held { get; } = new();
        public TaskCompletionSource Started { get; private set; } = NewSignal();

        private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task WriteAsync(IReadOnlyList<long> ids, DateTimeOffset at)
        {
            // copied now: the batcher's list is its own again once the write ends
            var release = NewSignal();
            lock (Calls)
            {
                Calls.Add(([.. ids], at));
                Held.Enqueue(release);
            }
            var started = Started;
            Started = NewSignal();
            started.TrySetResult();
            return release.Task;
        }

        public Task NextStarted => Started.Task;
    }

    /// <summary>A batcher whose first write (of mark 1 at T0) has started and is held.</summary>
    private static async Task<(HeldWrites Writes, Batcher Batcher, Task First)> FirstWriteRunningAsync()
    {
        var writes = new HeldWrites();
        var batcher = new Batcher(writes.WriteAsync);
        var started = writes.NextStarted;
        var first = batcher.MarkAsync(1, T0);
        await started;
        return (writes, batcher, first);
    }

    [Fact]
    public async Task Marks_asked_while_a_write_runs_are_written_together_next_with_the_latest_time()
    {
        var (writes, batcher, first) = await FirstWriteRunningAsync();
        var secondStarted = writes.NextStarted;
        var others = new[]
        {
            batcher.MarkAsync(2, T0.AddSeconds(5)), batcher.MarkAsync(3, T0.AddSeconds(9)),
            batcher.MarkAsync(4, T0.AddSeconds(2)),
        };

        Assert.False(first.IsCompleted); // not before its write ends
        writes.Held.Dequeue().SetResult();
        await first;
        await secondStarted;
        Assert.All(others, o => Assert.False(o.IsCompleted));
        writes.Held.Dequeue().SetResult();
        await Task.WhenAll(others);

        Assert.Equal([[1L], [2L, 3, 4]], writes.Calls.Select(c => c.Ids));
        Assert.Equal([T0, T0.AddSeconds(9)], writes.Calls.Select(c => c.At));
    }

    [Fact]
    public async Task A_failed_write_fails_its_own_callers_only_and_the_next_marks_are_still_written()
    {
        var (writes, batcher, first) = await FirstWriteRunningAsync();
        var secondStarted = writes.NextStarted;
        var second = batcher.MarkAsync(2, T0);

        writes.Held.Dequeue().SetException(new InvalidOperationException("disk full"));
        Assert.Equal("disk full", (await Assert.ThrowsAsync<InvalidOperationException>(() => first)).Message);
        await secondStarted;
        writes.Held.Dequeue().SetResult();
        await second;

        Assert.Equal([[1L], [2L]], writes.Calls.Select(c => c.Ids));
    }

    [Fact]
    public async Task More_marks_than_one_statement_takes_are_written_in_turn_and_every_one_is_written()
    {
        var written = new List<long>();
        var batches = new List<int>();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var batcher = new Batcher(async (ids, _) =>
        {
            batches.Add(ids.Count);
            written.AddRange(ids);
            await gate.Task; // the first holds the writer while the rest are asked
        });

        var marks = Enumerable.Range(1, (2 * Batcher.Most) + 1).Select(i => batcher.MarkAsync(i, T0)).ToList();
        gate.SetResult();
        await Task.WhenAll(marks);

        Assert.Equal([1, Batcher.Most, Batcher.Most], batches);
        Assert.Equal(Enumerable.Range(1, (2 * Batcher.Most) + 1).Select(i => (long)i), written);
    }
}
