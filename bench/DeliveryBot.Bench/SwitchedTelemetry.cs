extern alias host;
using System.Diagnostics;
using DeliveryBot.Application.Storage;
using host::DeliveryBot.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace DeliveryBot.Bench;

/// <summary>
/// The bot's telemetry switched while it runs, for the tracing bench: off (no provider, nothing listens) or on in one
/// of its ways, built with <see cref="TelemetrySetup"/>'s own sources and meters, exported in batches to a counter.
/// A bot process can so take every way in turn, and the bench can set each way against the others on the same
/// process (<see cref="ClicksBench.TracingCostAsync"/>).
/// </summary>
/// <remarks>
/// The providers are built apart from the host's services, as the SDK allows, where the host builds them from its
/// configuration: the same sources, instruments and processors, so the same work per click. The sampler is set here,
/// as the SDK sets it from <c>OTEL_TRACES_SAMPLER=parentbased_traceidratio</c>.
/// </remarks>
internal sealed class SwitchedTelemetry(IServiceProvider bot) : IDisposable
{
    private long _exported;
    private TracerProvider? _traces;
    private MeterProvider? _metrics;

    /// <summary>Spans and metric points the exporters have been handed so far, over every way taken.</summary>
    public long Exported => Interlocked.Read(ref _exported);

    /// <summary>Telemetry as <paramref name="way"/> says, the way before ended (its last batches exported).</summary>
    public void Use(ClicksBench.Way way)
    {
        Dispose();
        if (!way.Traced) return;
        var tracing = Sdk.CreateTracerProviderBuilder();
        TelemetrySetup.Traces(tracing, way.DatabaseSpans);
        if (way.Ratio is { } ratio) tracing.SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(ratio)));
        _traces = tracing.AddProcessor(new BatchActivityExportProcessor(new Nowhere<Activity>(this))).Build();
        // the gauges read the bot's own store; collected at the SDK's default interval (60 s,
        // OTEL_METRIC_EXPORT_INTERVAL), as an operator's are
        var metrics = Sdk.CreateMeterProviderBuilder().ConfigureServices(services => services
            .AddSingleton(bot.GetRequiredService<IOperationalReadings>())
            .AddSingleton(bot.GetRequiredService<TimeProvider>()));
        _metrics = TelemetrySetup.Metrics(metrics)
            .AddReader(new PeriodicExportingMetricReader(new Nowhere<Metric>(this)))
            .Build();
    }

    public void Dispose()
    {
        _traces?.Dispose();
        _metrics?.Dispose();
        (_traces, _metrics) = (null, null);
    }

    private sealed class Nowhere<T>(SwitchedTelemetry telemetry) : BaseExporter<T> where T : class
    {
        public override ExportResult Export(in Batch<T> batch)
        {
            Interlocked.Add(ref telemetry._exported, batch.Count);
            return ExportResult.Success;
        }
    }
}
