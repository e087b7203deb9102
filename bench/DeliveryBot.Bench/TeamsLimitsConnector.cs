using System.Collections.Concurrent;
using DeliveryBot.Teams.Protocol;
using DeliveryBot.TestKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DeliveryBot.Bench;

/// <summary>
/// A Bot Connector on loopback that enforces Teams' documented limits as Teams would, at the moment a request arrives:
/// per conversation 7 per second, 8 per 2 seconds, 60 per 30 seconds and 1,800 per hour; per app per tenant 30 per
/// second (SPEC §9's planning figure), which every call counts against, opening a chat included. Past any of them it
/// answers 429 with Retry-After and counts the refusal. It opens 1:1 chats (POST /v3/conversations), takes messages
/// (POST /v3/conversations/{id}/activities) and updates them in place (PUT .../activities/{activityId}) as the real
/// API does; the chat ids it hands out are "a:{tenant}:{member}", so it knows each message's tenant as Teams does.
/// </summary>
internal sealed class TeamsLimitsConnector : IAsyncDisposable
{
    public const int TenantPerSecond = 30;

    private static readonly (int Count, TimeSpan Window)[] ConversationLimits =
    [
        (7, TimeSpan.FromSeconds(1)),
        (8, TimeSpan.FromSeconds(2)),
        (60, TimeSpan.FromSeconds(30)),
        (1800, TimeSpan.FromHours(1)),
    ];
    private static readonly (int Count, TimeSpan Window)[] TenantLimits = [(TenantPerSecond, TimeSpan.FromSeconds(1))];

    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _conversations = new();
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _tenants = new();
    private readonly TimeSpan _latency;
    private LoopbackServer _server = null!;
    private int _accepted;
    private int _opened;
    private int _refused;
    private int _updated;

    public Uri ServiceUrl => _server.Address;
    /// <summary>Messages taken.</summary>
    public int Accepted => Volatile.Read(ref _accepted);
    /// <summary>1:1 chats opened.</summary>
    public int Opened => Volatile.Read(ref _opened);
    /// <summary>Messages updated in place.</summary>
    public int Updated => Volatile.Read(ref _updated);
    /// <summary>Calls answered 429.</summary>
    public int Refused => Volatile.Read(ref _refused);

    private TeamsLimitsConnector(TimeSpan latency) => _latency = latency;

    /// <summary>
    /// Starts it; <paramref name="latency"/> is how long Teams takes to answer after it received a call.
    /// </summary>
    public static async Task<TeamsLimitsConnector> StartAsync(TimeSpan latency)
    {
        var connector = new TeamsLimitsConnector(latency);
        connector._server = await LoopbackServer.StartAsync(app =>
        {
            app.MapPost("/v3/conversations", (Func<HttpContext, Task<IResult>>)connector.OpenAsync);
            app.MapPost(
                "/v3/conversations/{conversation}/activities",
                (Func<string, HttpContext, Task<IResult>>)connector.PostAsync);
            app.MapPut(
                "/v3/conversations/{conversation}/activities/{activity}",
                (Func<string, string, HttpContext, Task<IResult>>)connector.UpdateAsync);
        });
        return connector;
    }

    /// <summary>Opens (or finds) the 1:1 chat with the one member named, in the tenant the parameters name.</summary>
    private async Task<IResult> OpenAsync(HttpContext context)
    {
        var now = DateTimeOffset.UtcNow; // the moment it arrived, before the body is read
        var parameters = await context.Request.ReadFromJsonAsync(ActivityJsonContext.Default.ConversationParameters);
        if (parameters is not { TenantId: { } tenant, Members: [{ Id: { } member }] })
            return Results.Json(
                new { error = new { code = "BadArgument", message = "a 1:1 chat needs a tenant and one member" } },
                statusCode: 400);
        if (!Admit(context, tenant, conversation: null, now)) return TooMany();
        Interlocked.Increment(ref _opened);
        await AnswerLatencyAsync();
        return Results.Json(new { id = $"a:{tenant}:{member}" }, statusCode: 201);
    }

    private async Task<IResult> PostAsync(string conversation, HttpContext context)
    {
        var now = DateTimeOffset.UtcNow;
        var tenant = conversation.Split(':') is [_, var t, ..] ? t : "unknown";
        if (!Admit(context, tenant, conversation, now)) return TooMany();
        await AnswerLatencyAsync();
        return Results.Json(new { id = $"m{Interlocked.Increment(ref _accepted)}" }, statusCode: 201);
    }

    /// <summary>
    /// Updates a message in place (a card redrawn), counted against its conversation. Not against a tenant: a channel's
    /// id does not say whose it is (Teams knows; this stand-in does not), and counting every channel's redraws against
    /// one made-up tenant would throttle them all together.
    /// </summary>
    private async Task<IResult> UpdateAsync(string conversation, string activity, HttpContext context)
    {
        var now = DateTimeOffset.UtcNow;
        if (!Admit(context, $"channel:{conversation}", conversation, now)) return TooMany();
        Interlocked.Increment(ref _updated);
        await AnswerLatencyAsync();
        return Results.Json(new { id = activity }, statusCode: 200);
    }

    /// <summary>
    /// Logs the call if every window of its tenant (and conversation) has room now; otherwise counts a refusal.
    /// </summary>
    private bool Admit(HttpContext context, string tenant, string? conversation, DateTimeOffset now)
    {
        var tenantLog = _tenants.GetOrAdd(tenant, _ => new Queue<DateTimeOffset>());
        var conversationLog = conversation is null
            ? null
            : _conversations.GetOrAdd(conversation, _ => new Queue<DateTimeOffset>());
        lock (tenantLog)
        {
            // Always tenant, then conversation: two calls never wait on each other's lock.
            lock (conversationLog ?? tenantLog)
            {
                if (Over(tenantLog, TenantLimits, now)
                    || (conversationLog is not null && Over(conversationLog, ConversationLimits, now)))
                {
                    Interlocked.Increment(ref _refused);
                    context.Response.Headers.RetryAfter = "1";
                    return false;
                }
                tenantLog.Enqueue(now);
                conversationLog?.Enqueue(now);
                return true;
            }
        }
    }

    /// <summary>
    /// Teams' own time to take a message, after the moment its limits counted it: not a wait for anything, the service
    /// time a real connector has, which the bot's limiter must pay for (it counts a send until its answer arrives).
    /// </summary>
    private Task AnswerLatencyAsync() => _latency > TimeSpan.Zero ? Task.Delay(_latency) : Task.CompletedTask;

    private static IResult TooMany()
        => Results.Json(
            new { error = new { code = "TooManyRequests", message = "Teams' rate limit" } }, statusCode: 429);

    /// <summary>
    /// Whether one more call now would exceed any window (the log keeps the longest window, oldest first).
    /// </summary>
    private static bool Over(Queue<DateTimeOffset> log, (int Count, TimeSpan Window)[] limits, DateTimeOffset now)
    {
        while (log.Count > 0 && log.Peek() <= now - limits[^1].Window) log.Dequeue();
        foreach (var (count, window) in limits)
            if (log.Count(at => at > now - window) >= count) return true;
        return false;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
