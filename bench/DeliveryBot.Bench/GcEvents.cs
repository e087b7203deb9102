using System.Diagnostics.Tracing;
using System.Globalization;

namespace DeliveryBot.Bench;

/// <summary>
/// What the runtime's own GC events say of the collections since the last look: how many heaps the collector used (the
/// server collector adapts that count to the load on .NET 10, DATAS, starting at one; run with
/// <c>DOTNET_gcServer=1</c> to see it), how much each collection's survivors weighed (what a gen-0 collection copies is
/// most of its pause) and from which kind of root they were marked.
/// </summary>
internal sealed class GcEvents : EventListener
{
    private const EventKeywords Gc = (EventKeywords)0x1;
    private readonly Lock _lock = new();
    private int _fewest = int.MaxValue, _most;
    private long _promoted0, _promoted1;
    /// <summary>Bytes marked live from each kind of root (the GC's own numbering, <see cref="Roots"/>).</summary>
    private readonly long[] _marked = new long[Roots.Length];

    /// <summary>The GCMarkWithType event's root kinds, in its numbering.</summary>
    private static readonly string[] Roots =
        ["stacks", "finalizer queue", "handles", "older generations", "sized refs", "overflow", "dependent handles"];

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Informational, Gc);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName?.StartsWith("GCGlobalHeapHistory", StringComparison.Ordinal) == true
            && Field(e, "NumHeaps") is { } heaps)
            lock (_lock) (_fewest, _most) = (Math.Min(_fewest, (int)heaps), Math.Max(_most, (int)heaps));
        else if (e.EventName?.StartsWith("GCMarkWithType", StringComparison.Ordinal) == true
                 && Field(e, "Type") is { } root && root < Roots.Length)
            lock (_lock) _marked[root] += Field(e, "Bytes") ?? 0;
        else if (e.EventName?.StartsWith("GCHeapStats", StringComparison.Ordinal) == true)
            lock (_lock)
            {
                _promoted0 += Field(e, "TotalPromotedSize0") ?? 0;
                _promoted1 += Field(e, "TotalPromotedSize1") ?? 0;
            }
    }

    private static long? Field(EventWrittenEventArgs e, string name)
        => e.PayloadNames?.IndexOf(name) is >= 0 and var at && e.Payload?[at] is { } value
            ? Convert.ToInt64(value, CultureInfo.InvariantCulture)
            : null;

    /// <summary>The heaps ("1", "2", "1–2", "?" when nothing was collected) and what survived; then anew.</summary>
    public string Take()
    {
        lock (_lock)
        {
            var heaps = _most == 0 ? "?" : _fewest == _most ? $"{_most}" : $"{_fewest}–{_most}";
            var said = string.Create(CultureInfo.InvariantCulture,
                $"{heaps} heap(s), {_promoted0 / 1048576.0:F0} MB promoted from gen 0, {_promoted1 / 1048576.0:F0} " +
                $"from gen 1, heap {GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0:F0} MB, marked from ")
                + string.Join(", ", _marked.Select((bytes, root) => (bytes, root)).Where(m => m.bytes > 0)
                    .Select(m => string.Create(CultureInfo.InvariantCulture,
                        $"{Roots[m.root]} {m.bytes / 1048576.0:F1} MB")));
            (_fewest, _most, _promoted0, _promoted1) = (int.MaxValue, 0, 0, 0);
            Array.Clear(_marked);
            return said;
        }
    }
}
