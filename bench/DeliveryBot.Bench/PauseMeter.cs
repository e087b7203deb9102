using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace DeliveryBot.Bench;

/// <summary>
/// Whether the bot's process as a whole stood still: a thread of its own asks to wake every millisecond and notes
/// how late it woke (a hiccup: a GC pause, the core taken by another process, the kernel), beside the GC's own count
/// of its pauses. When a round's p99 is far above its CPU per click, this says whether the process stopped or the
/// clicks waited inside it. On when <c>DELIVERYBOT_BENCH_PAUSES=1</c>.
/// </summary>
internal sealed class PauseMeter : IDisposable
{
    public const string Setting = "DELIVERYBOT_BENCH_PAUSES";

    private readonly Thread _thread;
    private readonly Lock _lock = new();
    private volatile bool _stopped;
    private long _ticks; // the watch thread's wake-ups, counted and read by it alone (every 10th queues a probe)
    private long _worst, _over10, _over50, _poolWorst, _poolOver50;
    private int _threadsMost;
    private TimeSpan _gcPauses = GC.GetTotalPauseDuration();
    private int _gen0 = GC.CollectionCount(0), _gen1 = GC.CollectionCount(1), _gen2 = GC.CollectionCount(2);

    private readonly MeterListener _requests = new();
    private readonly GcEvents _collections = new();
    private readonly List<double> _served = [];

    private PauseMeter()
    {
        // how long Kestrel held each request, as ASP.NET Core's own histogram measures it
        _requests.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument is { Meter.Name: "Microsoft.AspNetCore.Hosting", Name: "http.server.request.duration" })
                listener.EnableMeasurementEvents(instrument);
        };
        _requests.SetMeasurementEventCallback<double>((_, seconds, _, _) =>
        {
            lock (_served) _served.Add(seconds * 1000);
        });
        _requests.Start();
        _thread = new Thread(Watch) { IsBackground = true, Name = "pause meter", Priority = ThreadPriority.Highest };
        _thread.Start();
    }

    public static PauseMeter? FromEnvironment()
        => Environment.GetEnvironmentVariable(Setting) == "1" ? new PauseMeter() : null;

    private void Watch()
    {
        while (!_stopped)
        {
            var before = Stopwatch.GetTimestamp();
            Thread.Sleep(1);
            var late = Stopwatch.GetElapsedTime(before).Ticks - TimeSpan.TicksPerMillisecond;
            if (++_ticks % 10 == 0) Probe();
            lock (_lock)
            {
                _worst = Math.Max(_worst, late);
                if (late > 10 * TimeSpan.TicksPerMillisecond) _over10++;
                if (late > 50 * TimeSpan.TicksPerMillisecond) _over50++;
            }
        }
    }

    /// <summary>How long a work item queued now waits for a thread-pool worker.</summary>
    private void Probe()
    {
        var queued = Stopwatch.GetTimestamp();
        ThreadPool.UnsafeQueueUserWorkItem(_ =>
        {
            var waited = Stopwatch.GetElapsedTime(queued).Ticks;
            lock (_lock)
            {
                _poolWorst = Math.Max(_poolWorst, waited);
                if (waited > 50 * TimeSpan.TicksPerMillisecond) _poolOver50++;
                _threadsMost = Math.Max(_threadsMost, ThreadPool.ThreadCount);
            }
        }, null);
    }

    /// <summary>What happened since the last call, as one line; then anew.</summary>
    public string Take()
    {
        long worst, over10, over50, poolWorst, poolOver50;
        int threads;
        lock (_lock)
        {
            (worst, over10, over50, poolWorst, poolOver50, threads) =
                (_worst, _over10, _over50, _poolWorst, _poolOver50, _threadsMost);
            (_worst, _over10, _over50, _poolWorst, _poolOver50, _threadsMost) = (0, 0, 0, 0, 0, 0);
        }
        double[] served;
        lock (_served)
        {
            served = [.. _served];
            _served.Clear();
        }
        Array.Sort(served);
        var pauses = GC.GetTotalPauseDuration();
        int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
        var invariant = CultureInfo.InvariantCulture;
        var gcMs = (pauses - _gcPauses).TotalMilliseconds;
        var line = string.Create(invariant, $"worst hiccup {worst / 10_000.0:F1} ms, {over10} over 10 ms, ")
            + string.Create(invariant, $"{over50} over 50 ms; GC paused {gcMs:F0} ms ")
            + string.Create(invariant, $"in {gen0 - _gen0}/{gen1 - _gen1}/{gen2 - _gen2} collections (gen 0/1/2) ")
            + string.Create(invariant, $"on {_collections.Take()}")
            + string.Create(invariant, $"; a pool work item waited at most {poolWorst / 10_000.0:F1} ms, ")
            + string.Create(invariant, $"{poolOver50} times over 50 ms, {threads} workers at most");
        if (served.Length > 0)
        {
            double p50 = served[served.Length / 2], p99 = served[served.Length * 99 / 100];
            line += string.Create(invariant, $"; {served.Length} requests served in p50 {p50:F1} / p99 {p99:F1} ")
                + string.Create(invariant, $"/ max {served[^1]:F1} ms, {served.Count(s => s > 100)} over 100 ms");
        }
        (_gcPauses, _gen0, _gen1, _gen2) = (pauses, gen0, gen1, gen2);
        return line;
    }

    public void Dispose()
    {
        _stopped = true;
        _requests.Dispose();
        _collections.Dispose();
        _thread.Join();
    }
}
