using System.Diagnostics.Metrics;
using System.Net;
using DeliveryBot.Application.Telemetry;

namespace DeliveryBot.Graph;

/// <summary>
/// Counts every attempt at a Microsoft Graph call by what Graph answered. It sits last in the SDK's pipeline, below
/// its retry handler, so a 429 the SDK waits out and retries is counted as the throttle it was, not hidden behind the
/// call's eventual success.
/// </summary>
internal sealed class GraphCallCounter : DelegatingHandler
{
    /// <summary>
    /// Every Graph call attempt, by result: sent, throttled (429), forbidden (403), not_found (404), failed.
    /// </summary>
    public static readonly Counter<long> Calls = DeliveryTelemetry.Meter.CreateCounter<long>(
        "deliverybot.graph.calls", "{call}", "Microsoft Graph calls per attempt, by result");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        HttpResponseMessage response;
        try { response = await base.SendAsync(request, ct); }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            if (Calls.Enabled) Calls.Add(1, new KeyValuePair<string, object?>("deliverybot.send.result", "failed"));
            throw;
        }
        Answered(response.StatusCode);
        return response;
    }

    private static void Answered(HttpStatusCode status)
    {
        if (!Calls.Enabled) return;
        var result = status switch
        {
            HttpStatusCode.TooManyRequests => "throttled",
            HttpStatusCode.Forbidden => "forbidden",
            HttpStatusCode.NotFound => "not_found",
            _ when (int)status is >= 200 and < 300 => "sent",
            _ => "failed",
        };
        Calls.Add(
            1,
            new KeyValuePair<string, object?>("deliverybot.send.result", result),
            new KeyValuePair<string, object?>("http.response.status_code", (int)status));
    }
}
