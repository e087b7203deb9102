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
public static class TelemetrySetup
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static IServiceCollection AddDeliveryTelemetry(
        this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var otlp = !string.IsNullOrWhiteSpace(configuration[EndpointVariable]);
        var console = environment.IsDevelopment() && configuration.GetValue<bool>("Telemetry:Console");
        if (!otlp && !console) return services;
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("deliverybot"))
            .WithTracing(t =>
            {
                Traces(t);
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
    /// What the bot traces: its own spans, the inbound requests, outbound HTTP (Bot Connector, Graph).
    /// </summary>
    public static TracerProviderBuilder Traces(TracerProviderBuilder tracing)
        => tracing
            .AddSource(DeliveryTelemetry.Name)
            .AddSource("Npgsql") // PostgreSQL's own spans for each command, when that is the store
            .AddAspNetCoreInstrumentation(o => o.Filter = c => !c.Request.Path.StartsWithSegments("/healthz"))
            .AddHttpClientInstrumentation();

    /// <summary>
    /// What the bot measures: its meter, its gauges read from the store, and ASP.NET Core's request metrics.
    /// </summary>
    public static MeterProviderBuilder Metrics(MeterProviderBuilder metrics)
        => metrics
            .AddMeter(DeliveryTelemetry.Name)
            .AddInstrumentation(sp => new OperationalGauges(
                sp.GetRequiredService<Application.Storage.IOperationalReadings>(),
                sp.GetRequiredService<TimeProvider>()))
            .AddAspNetCoreInstrumentation()
            .AddHttpClientInstrumentation();
}
