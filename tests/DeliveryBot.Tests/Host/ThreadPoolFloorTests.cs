using DeliveryBot.Runtime;

namespace DeliveryBot.Tests.Host;

public sealed class ThreadPoolFloorTests
{
    [Fact]
    public void The_floor_raises_the_pools_minimum_of_workers_and_never_lowers_it()
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        try
        {
            // raised: as on a one-core host, where the pool's own minimum is one worker
            var floor = workers + 2;
            ThreadPoolFloor.Raise(floor);
            ThreadPool.GetMinThreads(out var raised, out var ports);
            Assert.Equal((floor, completionPorts), (raised, ports));

            // a host with more cores than the floor keeps its own minimum
            ThreadPoolFloor.Raise(ThreadPoolFloor.Workers);
            ThreadPool.GetMinThreads(out var kept, out _);
            Assert.Equal(floor, kept);
        }
        finally
        {
            ThreadPool.SetMinThreads(workers, completionPorts);
        }
    }
}
