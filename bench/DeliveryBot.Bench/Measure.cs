using System.Diagnostics;
using System.Globalization;

namespace DeliveryBot.Bench;

/// <summary>Latency samples and the printed report line: value, target, ratio (target/value, ≥ 1 meets it).</summary>
internal static class Measure
{
    public static async Task<double[]> SampleAsync(int count, Func<int, Task> operation)
    {
        var samples = new double[count];
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await operation(i);
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(samples);
        return samples;
    }

    /// <summary>
    /// A server process's CPU once it has spent less than 2 ms in 100 ms (at most 10 s of waiting): what it does
    /// behind its answers (a click's card redrawn, its DM told) is the click's cost too.
    /// </summary>
    public static async Task<TimeSpan> SettledCpuAsync(Func<TimeSpan> cpu)
    {
        var last = cpu();
        for (var waited = 0; waited < 100; waited++)
        {
            await Task.Delay(100);
            var now = cpu();
            if (now - last < TimeSpan.FromMilliseconds(2)) return now;
            last = now;
        }
        return last;
    }

    /// <summary>
    /// Warm-up turns (<paramref name="turn"/> is given the turn's number) until one compiles fewer than 50 methods, at
    /// most <paramref name="maxTurns"/>: a click's code reaches its last tier only after the JIT has watched it run
    /// for a while (tiered compilation with PGO), and a bot measured before that measures its warm-up (a p99 of 300 ms
    /// where the settled bot answers in 15). <paramref name="compiled"/>: the methods compiled so far. The turns taken
    /// and the methods compiled in the last.
    /// </summary>
    public static async Task<(int Turns, long Compiled)> WarmUpAsync(
        Func<Task<long>> compiled, Func<int, Task> turn, int maxTurns)
    {
        long last = 0;
        var turns = 0;
        while (turns < maxTurns)
        {
            var before = await compiled();
            await turn(turns++);
            last = await compiled() - before;
            if (last < 50) break;
        }
        return (turns, last);
    }

    public static double Percentile(double[] sorted, double p)
        => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)];

    /// <summary>A figure, with its target where it has one, else a <paramref name="note"/> in that column.</summary>
    public static void Row(
        string what, double value, string unit, double? atMost = null, double? atLeast = null, string? note = null)
    {
        var target = atMost is { } max ? $"≤ {max:0.##} {unit}"
            : atLeast is { } min ? $"≥ {min:0.##} {unit}"
            : note ?? "";
        var ratio = atMost is { } m ? (m == 0 ? null : m / value) : atLeast is { } l ? value / l : (double?)null;
        var meets = atMost is { } most ? value <= most : atLeast is not { } least || value >= least;
        var verdict = atMost is null && atLeast is null ? "" : meets ? "meets" : "MISSES";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what,-44} {value,12:0.###} {unit,-6} {target,-16} {(ratio is { } r ? $"x{r:0.00}" : ""),-8} {verdict}"));
    }

    public static long PeakResidentBytes()
    {
        var line = File.ReadLines("/proc/self/status")
            .FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null
            ? 0
            : long.Parse(
                line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}
