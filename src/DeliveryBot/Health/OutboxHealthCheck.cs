using System.ComponentModel.DataAnnotations;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Common;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace DeliveryBot.Health;

/// <summary>The health settings (section <c>Health</c>).</summary>
public sealed class HealthOptions
{
    public const string Section = "Health";

    /// <summary>
    /// The outbox is stuck, and the instance not ready, when a due message has waited longer than this: the sends
    /// (retries with backoff included) fall behind or nothing sends at all.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan OutboxStuckAfter { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>
/// /healthz/ready: the oldest due, unsent outbox message is younger than <see cref="HealthOptions.OutboxStuckAfter"/>.
/// </summary>
internal sealed class OutboxHealthCheck(
    IOperationalReadings readings, IOptions<HealthOptions> options, TimeProvider clock) : IHealthCheck
{
    public const string Name = "outbox";

    public async Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var backlog = await readings.OutboxBacklogAsync(now, cancellationToken);
        var age = backlog.OldestAge(now);
        var data = new Dictionary<string, object>
        {
            ["due"] = backlog.Due,
            ["oldestAgeSeconds"] = Math.Round(age.TotalSeconds),
        };
        var limit = options.Value.OutboxStuckAfter;
        return age > limit
            ? HealthCheckResult.Unhealthy(
                $"{Counted.Of(backlog.Due, "message")} due; the oldest has waited {age.TotalMinutes:F0} min " +
                $"(more than Health:OutboxStuckAfter, {limit.TotalMinutes:F0} min)", data: data)
            : HealthCheckResult.Healthy($"{Counted.Of(backlog.Due, "message")} due", data);
    }
}
