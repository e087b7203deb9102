using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;

namespace DeliveryBot.Teams.Connector;

/// <summary>
/// What the Bot Connector client records: each HTTP attempt's result and the time a call waited for Teams' rate
/// limits. The protocol layer knows nothing of the application, so it has its own meter under the bot's one name,
/// which the host listens to as one.
/// </summary>
internal static class ConnectorTelemetry
{
    private static readonly Meter Meter = new("DeliveryBot");

    /// <summary>
    /// Every attempt at a Bot Connector call, by result: sent, throttled (429), unreachable (403/404), failed.
    /// </summary>
    public static readonly Counter<long> Sends = Meter.CreateCounter<long>(
        "deliverybot.teams.sends", "{call}", "Bot Connector calls per attempt, by result");

    /// <summary>How long a call waited for its conversation's and tenant's send window.</summary>
    public static readonly Histogram<double> RateLimiterWait = Meter.CreateHistogram<double>(
        "deliverybot.teams.rate_limiter.wait", "s", "Time a Bot Connector call waited for Teams' rate limits");

    public static void Waited(long since)
    {
        if (RateLimiterWait.Enabled) RateLimiterWait.Record(Stopwatch.GetElapsedTime(since).TotalSeconds);
    }

    public static void Answered(HttpStatusCode status)
    {
        if (!Sends.Enabled) return;
        var result = status switch
        {
            HttpStatusCode.TooManyRequests => "throttled",
            HttpStatusCode.Forbidden or HttpStatusCode.NotFound => "unreachable",
            _ when (int)status is >= 200 and < 300 => "sent",
            _ => "failed",
        };
        Sends.Add(
            1,
            new KeyValuePair<string, object?>("deliverybot.send.result", result),
            new KeyValuePair<string, object?>("http.response.status_code", (int)status));
    }

    /// <summary>An attempt that got no answer (a timeout, a refused connection).</summary>
    public static void Unanswered()
    {
        if (Sends.Enabled) Sends.Add(1, new KeyValuePair<string, object?>("deliverybot.send.result", "failed"));
    }
}
