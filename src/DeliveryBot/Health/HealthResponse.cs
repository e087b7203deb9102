using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DeliveryBot.Health;

/// <summary>
/// /healthz as JSON: the overall status first (what a load balancer or probe reads), then each check's status,
/// description and data (the store, the channel's signing keys, Hangfire's servers and the next reminder pass) for the
/// person who looks. Exceptions are left out: their messages can carry connection details.
/// </summary>
internal static class HealthResponse
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new
                {
                    status = e.Value.Status.ToString(),
                    description = e.Value.Description,
                    data = e.Value.Data.Count > 0 ? e.Value.Data : null,
                }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Json));
    }
}
