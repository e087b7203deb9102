namespace DeliveryBot.Application.Telemetry;

/// <summary>
/// Which health checks say whether this instance should be sent work (<c>/healthz/ready</c>); <c>/healthz/live</c>
/// runs none of them, so a database outage never gets a healthy process restarted.
/// </summary>
public static class HealthTags
{
    public const string Ready = "ready";
}
