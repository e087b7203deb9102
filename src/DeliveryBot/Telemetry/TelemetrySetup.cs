using DeliveryBot.Application.Telemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace DeliveryBot.Telemetry;

/// <summary>
/// Traces and metrics through OpenTelemetry, off unless asked for: the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
/// variable turns on the OTLP exporter (the SDK reads the endpoint, protocol and headers from the standard variables
/// itself); <c>Telemetry:Console=true</c> prints them in Development. Off, nothing listens, and every instrument and
/// span in the bot costs a flag check.
/// </summary>
/// <remarks>
/// Which traces are kept is the SDK's standard sampler setting, read by the SDK itself from the configuration
/// (<c>OTEL_TRACES_SAMPLER</c>, <c>OTEL_TRACES_SAMPLER_ARG</c>; every trace when unset): no sampler is set here, since
/// one set in code would override the operator's. A span per database statement is
/// <c>Telemetry:DatabaseSpans=true</c>; by default a decision has one span for its save.
/// </remarks>
public static class TelemetrySetup
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public const string DatabaseSpansSetting = "Telemetry:DatabaseSpans";

    public static IServiceCollection AddDeliveryTelemetry(
        this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var otlp = !string.IsNullOrWhiteSpace(configuration[EndpointVariable]);
        var console = environment.IsDevelopment() && configuration.GetValue<bool>("Telemetry:Console");
        if (!otlp && !console) return services;
        var databaseSpans = configuration.GetValue<bool>(DatabaseSpansSetting);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("deliverybot"))
            .WithTracing(t =>
            {
                Traces(t, databaseSpans);
                if (otlp) t.AddOtlpExporter();
                if (console) t.AddConsoleExporter();
            })
            .WithMetrics(m =>
            {
                Metrics(m);
                if (otlp) m.AddOtlpExporter();
                if (console) m.AddConsoleExporter();
            });
        return services;
    }

    /// <summary>
    /// What the bot traces: its own spans, the inbound requests, outbound HTTP (Bot Connector, Graph); with
    /// <paramref name="databaseSpans"/>, each database read and write too.
    /// </summary>
    /// <remarks>
    /// Outbound HTTP is HttpClient's own source: since .NET 9 it writes the standard attributes on its spans itself.
    /// OpenTelemetry's HttpClient instrumentation would add a diagnostic listener for each request on top, to filter
    /// and enrich, which the bot does not use, at a few tenths of a percent of a click's CPU.
    /// </remarks>
    public static TracerProviderBuilder Traces(TracerProviderBuilder tracing, bool databaseSpans = false)
    {
        tracing
            .AddSource(DeliveryTelemetry.Name)
            .AddAspNetCoreInstrumentation(o => o.Filter = c => !c.Request.Path.StartsWithSegments("/healthz"))
            .AddSource(HttpClientSource);
        // PostgreSQL's own spans for each command beneath the bot's, when that is the store
        if (databaseSpans) tracing.AddSource(DeliveryTelemetry.DatabaseName).AddSource("Npgsql");
        return tracing;
    }

    /// <summary>
    /// What the bot measures: its meter, its gauges read from the store, ASP.NET Core's request metrics and
    /// HttpClient's own (request durations, connections, DNS lookups).
    /// </summary>
    public static MeterProviderBuilder Metrics(MeterProviderBuilder metrics)
        => metrics
            .AddMeter(DeliveryTelemetry.Name)
            .AddInstrumentation(sp => new OperationalGauges(
                sp.GetRequiredService<Application.Storage.IOperationalReadings>(),
                sp.GetRequiredService<TimeProvider>()))
            .AddAspNetCoreInstrumentation()
            .AddMeter(HttpClientSource, "System.Net.NameResolution");

    /// <summary>HttpClient's activity source and meter.</summary>
    private const string HttpClientSource = "System.Net.Http";
}
