namespace DeliveryBot.Runtime;

/// <summary>
/// At least two thread-pool workers may run at once, also on a host with one core. SQLite's calls block the worker
/// that makes them (its asynchronous methods run synchronously: a commit waits for the disk), and the pool counts a
/// blocked worker as busy. With one core the pool lets one worker run at a time and adds another only once the queue
/// has not moved for half a second, so on a one-core host a click waited behind a save for up to a second: p99 over
/// 500 ms at 25 clicks a second against 16 ms with two (docs/performance.md, "a one-core host"). Hosts with more cores
/// already start with a worker per core; their floor is left as it is. (The group commit's writer has since moved to a
/// thread of its own, for the same reason at saturation; the reads, the Graph and connector calls' continuations and
/// everything else a click does still run on the pool.)
/// </summary>
public static class ThreadPoolFloor
{
    public const int Workers = 2;

    /// <summary>Raises the pool's minimum of workers to <paramref name="workers"/>; never lowers it.</summary>
    public static void Raise(int workers = Workers)
    {
        ThreadPool.GetMinThreads(out var minimum, out var completionPorts);
        if (minimum < workers) ThreadPool.SetMinThreads(workers, completionPorts);
    }
}
