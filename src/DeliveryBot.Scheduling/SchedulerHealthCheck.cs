using System.Globalization;
using DeliveryBot.Domain.Common;
using DeliveryBot.Scheduling.Jobs;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace DeliveryBot.Scheduling;

/// <summary>
/// /healthz: Hangfire's servers (every instance's, with its last heartbeat) and when the next reminder pass is due.
/// Unhealthy when Hangfire's storage does not answer or the pass is not scheduled; degraded when this instance's
/// server has not announced itself (its first seconds excepted: the server announces itself from its own thread).
/// </summary>
internal sealed class SchedulerHealthCheck(
    JobStorage storage, SchedulerStart start, IOptions<SchedulingOptions> options, TimeProvider clock) : IHealthCheck
{
    private static readonly TimeSpan AnnounceGrace = TimeSpan.FromSeconds(30);

    public Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        if (!settings.Enabled)
            return Task.FromResult(HealthCheckResult.Healthy("scheduler turned off (Reminders:Enabled=false)"));
        try
        {
            var servers = storage.GetMonitoringApi().Servers();
            using var connection = storage.GetConnection();
            var next = connection.GetRecurringJobs([DueRemindersJob.Id]).FirstOrDefault()?.NextExecution;
            var now = clock.GetUtcNow().UtcDateTime;
            var data = new Dictionary<string, object>
            {
                ["servers"] = servers.Select(s => new Dictionary<string, object?>
                {
                    ["name"] = s.Name,
                    ["workers"] = s.WorkersCount,
                    ["heartbeat"] = s.Heartbeat?.ToString("O", CultureInfo.InvariantCulture),
                }).ToList(),
                ["nextReminderPass"] = next?.ToString("O", CultureInfo.InvariantCulture) ?? "",
            };
            // Hangfire names a server "<ServerName lower-cased>:<process id>:<guid>".
            var prefix = settings.NodeName.ToLowerInvariant() + ":";
            var mine = servers.Any(s => s.Name.StartsWith(prefix, StringComparison.Ordinal))
                || start.At is { } at && clock.GetUtcNow() - at < AnnounceGrace;
            var summary = $"{Counted.Of(servers.Count, "Hangfire server")}; next reminder pass "
                + (next is { } due ? $"in {(due - now).TotalSeconds:F0} s" : "not scheduled");
            return Task.FromResult(
                next is null ? HealthCheckResult.Unhealthy(summary, data: data)
                : !mine ? HealthCheckResult.Degraded(summary + "; this instance's server has not started", data: data)
                : HealthCheckResult.Healthy(summary, data));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("Hangfire's storage does not answer", e));
        }
    }
}
