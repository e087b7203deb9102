using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DeliveryBot.Teams.Auth;

/// <summary>
/// /healthz: degraded while the Bot Connector's signing keys cannot be fetched (every activity is then answered 503),
/// with since when and where from; healthy when they can, or when authentication is off.
/// </summary>
internal sealed class SigningKeysHealthCheck(BotTokenValidator validator) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context, CancellationToken cancellationToken = default)
        => Task.FromResult(validator.KeysUnavailableSince is { } since
            ? HealthCheckResult.Degraded(
                $"The Bot Connector's signing keys could not be fetched since {since:u}; " +
                "activities are answered 503.")
            : HealthCheckResult.Healthy(
                validator.Enabled ? "Signing keys at hand." : "Authentication is off (no MicrosoftAppId)."));
}
