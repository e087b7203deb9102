using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace DeliveryBot.Bench;

/// <summary>
/// What the bot's process allocates, by type: the runtime's allocation tick (one event per ~100 KB allocated, naming
/// the type that crossed it), summed. A sample, not a count, but over thousands of clicks it says where a click's
/// kilobytes go without a profiler. On when <c>DELIVERYBOT_BENCH_ALLOCATIONS=1</c>.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    public const string Setting = "DELIVERYBOT_BENCH_ALLOCATIONS";

    private const EventKeywords GarbageCollection = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> _bytes = new();

    public static AllocationSampler? FromEnvironment()
        => Environment.GetEnvironmentVariable(Setting) == "1" ? new AllocationSampler() : null;

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
            EnableEvents(source, EventLevel.Verbose, GarbageCollection);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true) return;
        var names = e.PayloadNames!;
        if (names.IndexOf("TypeName") is not (var type and >= 0)
            || names.IndexOf("AllocationAmount64") is not (var amount and >= 0)) return;
        var bytes = Convert.ToInt64(e.Payload![amount], CultureInfo.InvariantCulture);
        _bytes.AddOrUpdate((string)e.Payload[type]!, bytes, (_, sum) => sum + bytes);
    }

    /// <summary>The <paramref name="top"/> types by bytes since the last call, largest first; then anew.</summary>
    public IReadOnlyList<(string Type, long Bytes)> Take(int top)
    {
        var taken = _bytes.OrderByDescending(kv => kv.Value).Take(top).Select(kv => (kv.Key, kv.Value)).ToList();
        _bytes.Clear();
        return taken;
    }
}
