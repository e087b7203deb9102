using System.Globalization;
using Microsoft.Diagnostics.Tracing.Etlx;

namespace DeliveryBot.Bench;

/// <summary>
/// Where a click allocates, by call stack: reads a trace of the runtime's random allocation samples, taken from the
/// bot's process while a bench clicks it (docs/performance.md, "Running the benchmarks"), and prints per click the
/// bytes under the project's deepest frame on each sampled stack, that frame with the type it made, and every project
/// frame inclusive. Each sample weighs what <see cref="AllocationSampler.Weight"/> says it stands for, so the sums
/// estimate what each stack allocated, without the allocation tick's bias towards small objects.
/// </summary>
internal static class AllocationStacks
{
    /// <summary>The namespace that makes a frame the project's.</summary>
    private const string Own = "DeliveryBot.";

    public static int Run(string trace, int clicks, int top)
    {
        var deepest = new Dictionary<string, double>();
        var withType = new Dictionary<string, double>();
        var inclusive = new Dictionary<string, double>();
        var (total, samples) = (0.0, 0);
        using var log = new TraceLog(TraceLog.CreateFromEventPipeDataFile(trace));
        var source = log.Events.GetSource();
        source.Clr.AllocationSampling += e =>
        {
            double bytes = AllocationSampler.Weight(e.ObjectSize);
            (total, samples) = (total + bytes, samples + 1);
            string? first = null;
            var seen = new HashSet<string>();
            for (var frame = e.CallStack(); frame is not null; frame = frame.Caller)
            {
                var name = frame.CodeAddress.FullMethodName;
                if (string.IsNullOrEmpty(name) || !name.StartsWith(Own, StringComparison.Ordinal)) continue;
                first ??= name;
                if (seen.Add(name)) Add(inclusive, name, bytes);
            }
            first ??= "(no frame of the project)";
            Add(deepest, first, bytes);
            Add(withType, $"{first}  [{e.TypeName}]", bytes);
        };
        source.Process();
        if (samples == 0)
        {
            Console.Error.WriteLine(
                $"No allocation samples in {trace}: collect it with the provider {AllocationSampler.Provider}.");
            return 1;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{samples:N0} samples, {total / clicks / 1024:F1} KB a click over {clicks:N0} clicks"));
        Print("by the project's deepest frame", deepest);
        Print("by that frame and the type it made", withType);
        Print("by every frame of the project on the stack (inclusive)", inclusive);
        return 0;

        void Print(string title, Dictionary<string, double> sums)
        {
            Console.WriteLine($"\n{title}");
            foreach (var (name, bytes) in sums.OrderByDescending(s => s.Value).Take(top))
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{bytes / clicks / 1024,8:F2} KB {100 * bytes / total,5:F1} %  {name}"));
        }
    }

    private static void Add(Dictionary<string, double> sums, string key, double bytes)
        => sums[key] = sums.GetValueOrDefault(key) + bytes;
}
