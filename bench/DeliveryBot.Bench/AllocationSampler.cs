using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace DeliveryBot.Bench;

/// <summary>
/// What the bot's process allocates, by type: the runtime's random allocation sample (.NET 10's
/// <c>AllocationSampled</c>, every byte equally likely to be picked, one sample per ~100 KB on average), each sample
/// weighed as the bytes it stands for. A sample, not a count, but over thousands of clicks it says where a click's
/// kilobytes go without a profiler. (The older allocation tick names whichever object crossed each 100 KB, which
/// favours small objects made just after large ones: docs/performance.md.) On when
/// <c>DELIVERYBOT_BENCH_ALLOCATIONS=1</c>.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    public const string Setting = "DELIVERYBOT_BENCH_ALLOCATIONS";

    private const EventKeywords AllocationSampling = (EventKeywords)0x80000000000;

    /// <summary>The same samples for <c>dotnet-trace collect --providers</c>, with their call stacks.</summary>
    public const string Provider = "Microsoft-Windows-DotNETRuntime:0x80000000000:4";
    private readonly ConcurrentDictionary<string, long> _bytes = new();

    public static AllocationSampler? FromEnvironment()
        => Environment.GetEnvironmentVariable(Setting) == "1" ? new AllocationSampler() : null;

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
            EnableEvents(source, EventLevel.Informational, AllocationSampling);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName != "AllocationSampled") return;
        var names = e.PayloadNames!;
        if (names.IndexOf("TypeName") is not (var type and >= 0)
            || names.IndexOf("ObjectSize") is not (var size and >= 0)) return;
        var bytes = Weight(Convert.ToInt64(e.Payload![size], CultureInfo.InvariantCulture));
        _bytes.AddOrUpdate((string)e.Payload[type]!, bytes, (_, sum) => sum + bytes);
    }

    /// <summary>
    /// The bytes a sampled object of <paramref name="size"/> stands for: the chance of sampling it is
    /// 1 − e^(−size / mean), so its size over that chance (about the mean for small objects, the size for large ones).
    /// </summary>
    public static long Weight(long size)
        => size <= 0 ? 0 : (long)(size / -double.ExpM1(-size / MeanBetweenSamples));

    /// <summary>The runtime's mean number of bytes between two samples.</summary>
    private const double MeanBetweenSamples = 100 * 1024;

    /// <summary>The <paramref name="top"/> types by bytes since the last call, largest first; then anew.</summary>
    public IReadOnlyList<(string Type, long Bytes)> Take(int top)
    {
        var taken = _bytes.OrderByDescending(kv => kv.Value).Take(top).Select(kv => (kv.Key, kv.Value)).ToList();
        _bytes.Clear();
        return taken;
    }
}
