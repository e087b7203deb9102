using System.Diagnostics;
using System.Globalization;

namespace DeliveryBot.Bench;

/// <summary>
/// Keeping the bot and its load generator off each other's core (util-linux's <c>taskset</c>, on every Debian): on a
/// 2-core machine the two otherwise take turns on both, and the bot's CPU per click then measures the scheduler and
/// the caches as much as the bot.
/// </summary>
internal static class Cores
{
    public const string Taskset = "/usr/bin/taskset";

    /// <summary>Whether the bot can have a core of its own: two or more, and taskset there to hold them.</summary>
    public static bool CanSeparate => Environment.ProcessorCount >= 2 && File.Exists(Taskset);

    /// <summary>Holds every thread of this process, and those it starts later, to <paramref name="core"/>.</summary>
    public static void HoldThisProcessTo(int core)
    {
        using var taskset = Process.Start(new ProcessStartInfo(Taskset,
            ["-a", "-p", "-c", core.ToString(CultureInfo.InvariantCulture),
                Environment.ProcessId.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
        })!;
        taskset.WaitForExit();
        if (taskset.ExitCode != 0) throw new InvalidOperationException($"taskset exited with {taskset.ExitCode}.");
    }
}
