using System.Collections;
using System.Diagnostics;
using DeliveryBot.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace DeliveryBot.Teams.Tests.Support;

/// <summary>
/// The bot's spans and metrics as the host exports them (the same sources and meters), caught by OpenTelemetry's
/// in-memory exporters instead of sent over OTLP; with <paramref name="databaseSpans"/>, a span per database statement
/// (<c>Telemetry:DatabaseSpans</c>).
/// </summary>
public sealed class Telemetry(bool databaseSpans = false)
{
    private readonly Locked<Activity> _spans = new();
    private readonly Locked<MetricSnapshot> _metrics = new();

    /// <summary>Adds the exporters to the bot under test (as a <see cref="ChannelFactory.TestServices"/>).</summary>
    public void AddTo(IServiceCollection services)
        => services.AddOpenTelemetry()
            .WithTracing(t => TelemetrySetup.Traces(t, databaseSpans).AddInMemoryExporter(_spans))
            .WithMetrics(m => TelemetrySetup.Metrics(m).AddInMemoryExporter(_metrics));

    public IReadOnlyList<Activity> Spans => _spans.Copy();

    public IReadOnlyList<Activity> Named(string name) => [.. Spans.Where(s => s.OperationName == name)];

    /// <summary>Collects every instrument now; the last reading of each metric (they are cumulative).</summary>
    public IReadOnlyDictionary<string, MetricSnapshot> Collect(IServiceProvider bot)
    {
        Assert.True(bot.GetRequiredService<MeterProvider>().ForceFlush(5_000));
        return _metrics.Copy().GroupBy(m => m.Name).ToDictionary(g => g.Key, g => g.Last());
    }

    /// <summary>The points of a metric whose tags include <paramref name="tag"/> = <paramref name="value"/>.</summary>
    public static IEnumerable<MetricPoint> Points(MetricSnapshot metric, string? tag = null, object? value = null)
    {
        foreach (var point in metric.MetricPoints)
        {
            if (tag is null) { yield return point; continue; }
            foreach (var t in point.Tags)
                if (t.Key == tag && Equals(t.Value, value)) { yield return point; break; }
        }
    }

    /// <summary>A collection the exporters may add to from any thread.</summary>
    private sealed class Locked<T> : ICollection<T>
    {
        private readonly List<T> _items = [];

        public List<T> Copy() { lock (_items) return [.. _items]; }
        public void Add(T item) { lock (_items) _items.Add(item); }
        public void Clear() { lock (_items) _items.Clear(); }
        public bool Contains(T item) { lock (_items) return _items.Contains(item); }
        public void CopyTo(T[] array, int arrayIndex) { lock (_items) _items.CopyTo(array, arrayIndex); }
        public bool Remove(T item) { lock (_items) return _items.Remove(item); }
        public int Count { get { lock (_items) return _items.Count; } }
        public bool IsReadOnly => false;
        public IEnumerator<T> GetEnumerator() => Copy().GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

/// <summary>
/// Tests that read the bot's metrics run alone: the instruments are process-wide, so another test's clicks would be
/// counted too.
/// </summary>
[CollectionDefinition(nameof(TelemetryRunsAlone), DisableParallelization = true)]
public sealed class TelemetryRunsAlone;
