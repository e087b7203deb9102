using System.Collections.Concurrent;
using DeliveryBot.TestKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DeliveryBot.Bench;

/// <summary>
/// A Bot Connector on loopback that enforces Teams' documented limits as Teams would, at the moment a request arrives:
/// per conversation 7 per second, 8 per 2 seconds, 60 per 30 seconds and 1,800 per hour; per app per tenant 30 per
/// second (SPEC §9's planning figure). Past any of them it answers 429 with Retry-After and counts the refusal.
/// Conversation ids are "a:{tenant}:{user}", so it knows each message's tenant as Teams does.
/// </summary>
internal sealed class TeamsLimitsConnector : IAsyncDisposable
{
    public const int TenantPerSecond = 30;

    private static readonly (int Count, TimeSpan Window)[] ConversationLimits =
        [(7, TimeSpan.FromSeconds(1)), (8, TimeSpan.FromSeconds(2)), (60, TimeSpan.FromSeconds(30)), (1800, TimeSpan.FromHours(1))];
    private static readonly (int Count, TimeSpan Window)[] TenantLimits = [(TenantPerSecond, TimeSpan.FromSeconds(1))];

    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _conversations = new();
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _tenants = new();
    private LoopbackServer _server = null!;
    private int _accepted;
    private int _refused;

    public Uri ServiceUrl => _server.Address;
    public int Accepted => Volatile.Read(ref _accepted);
    public int Refused => Volatile.Read(ref _refused);

    public static async Task<TeamsLimitsConnector> StartAsync()
    {
        var connector = new TeamsLimitsConnector();
        connector._server = await LoopbackServer.StartAsync(app =>
            app.MapPost("/v3/conversations/{conversation}/activities", (Func<string, HttpContext, IResult>)connector.Post));
        return connector;
    }

    private IResult Post(string conversation, HttpContext context)
    {
        var now = DateTimeOffset.UtcNow;
        var tenant = conversation.Split(':') is [_, var t, ..] ? t : "unknown";
        var tenantLog = _tenants.GetOrAdd(tenant, _ => new Queue<DateTimeOffset>());
        var conversationLog = _conversations.GetOrAdd(conversation, _ => new Queue<DateTimeOffset>());
        lock (tenantLog)
            lock (conversationLog)
            {
                if (Over(tenantLog, TenantLimits, now) || Over(conversationLog, ConversationLimits, now))
                {
                    Interlocked.Increment(ref _refused);
                    context.Response.Headers.RetryAfter = "1";
                    return Results.Json(new { error = new { code = "TooManyRequests", message = "Teams' rate limit" } }, statusCode: 429);
                }
                tenantLog.Enqueue(now);
                conversationLog.Enqueue(now);
            }
        return Results.Json(new { id = $"m{Interlocked.Increment(ref _accepted)}" }, statusCode: 201);
    }

    /// <summary>Whether one more message now would exceed any window (the log keeps the last hour, oldest first).</summary>
    private static bool Over(Queue<DateTimeOffset> log, (int Count, TimeSpan Window)[] limits, DateTimeOffset now)
    {
        while (log.Count > 0 && log.Peek() <= now - limits[^1].Window) log.Dequeue();
        foreach (var (count, window) in limits)
            if (log.Count(at => at > now - window) >= count) return true;
        return false;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
