using DeliveryBot.Application.Telemetry;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DeliveryBot.Health;

/// <summary>
/// Three views of one set of checks: <c>/healthz</c> (every check as before, for the person who looks),
/// <c>/healthz/live</c> (the process answers: no check, so a database outage never gets it restarted) and
/// <c>/healthz/ready</c> (the checks tagged <see cref="HealthTags.Ready"/>: the store, the job engine, the signing
/// keys, the outbox moving; 503 when one fails, so a load balancer sends the work elsewhere).
/// </summary>
public static class HealthEndpoints
{
    public static IServiceCollection AddDeliveryHealth(this IServiceCollection services)
    {
        services.AddOptions<HealthOptions>()
            .BindConfiguration(HealthOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddHealthChecks().AddCheck<OutboxHealthCheck>(OutboxHealthCheck.Name, tags: [HealthTags.Ready]);
        return services;
    }

    public static void MapDeliveryHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new()
        {
            ResponseWriter = HealthResponse.WriteAsync,
            Predicate = c => c.Name != OutboxHealthCheck.Name, // as it always was; readiness has the outbox
        });
        app.MapHealthChecks(
            "/healthz/live", new() { ResponseWriter = HealthResponse.WriteAsync, Predicate = _ => false });
        app.MapHealthChecks("/healthz/ready", new()
        {
            ResponseWriter = HealthResponse.WriteAsync,
            Predicate = c => c.Tags.Contains(HealthTags.Ready),
            // degraded is not ready: the signing keys unfetched, or this instance's job server not running
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        });
    }
}
