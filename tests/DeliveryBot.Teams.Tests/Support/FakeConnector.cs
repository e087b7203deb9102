using DeliveryBot.TestKit;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DeliveryBot.Teams.Tests.Support;

/// <summary>
/// A Bot Connector on loopback that records every call, answers from a script first (429 with Retry-After,
/// 503, 403...), and otherwise behaves: it also enforces Teams' per-conversation limits and answers 429 past them.
/// </summary>
public sealed class FakeConnector : IAsyncDisposable
{
    public sealed record ConnectorCall(
        string Method, string Path, string? Authorization, string Body, DateTimeOffset At);

    private readonly ConcurrentQueue<(int Status, string? RetryAfter, string? Body)> _script = new();
    private readonly ConcurrentQueue<
        (string Method, string Path, (int Status, string? RetryAfter, string? Body) Answer)> _scriptFor = new();
    private readonly ConcurrentDictionary<string, List<DateTimeOffset>> _sends = new();
    private int _ids;
    private LoopbackServer _server = null!;

    public ConcurrentQueue<ConnectorCall> Calls { get; } = new();

    /// <summary>What the members call answers: the people of every conversation.</summary>
    public IReadOnlyList<(string Id, string Name, string Oid)> Roster { get; set; } =
        [("29:user-1", "Pablo", "oid-pablo")];
    public int Throttled => Calls.Count(c => c.Method == "THROTTLED");
    public Uri ServiceUrl => _server.Address;

    /// <summary>The next calls get these answers, in order, before normal service resumes.</summary>
    public void Script(params (int Status, string? RetryAfter, string? Body)[] answers)
    {
        foreach (var a in answers) _script.Enqueue(a);
    }

    /// <summary>The next calls to exactly this method and path get these answers, in order, whatever else is called
    /// meanwhile.</summary>
    public void ScriptFor(string method, string path, params (int Status, string? RetryAfter, string? Body)[] answers)
    {
        foreach (var a in answers) _scriptFor.Enqueue((method, path, a));
    }

    /// <summary>
    /// When set, each message posted to a chat first draws its fate: a 429 with Retry-After, a 503, a 403 (a person
    /// who blocked the bot: every later message to that chat is refused too), a slow answer past the bot's timeout,
    /// or acceptance. Accepted messages are in <see cref="Accepted"/>.
    /// </summary>
    public Func<string, Fault>? Chaos { get; set; }

    public enum Fault { None, Throttle, Unavailable, Blocked, Slow }

    private readonly ConcurrentDictionary<string, bool> _blocked = new();

    public ConcurrentQueue<ConnectorCall> Accepted { get; } = new();

    public IReadOnlyList<ConnectorCall> Sends => [
        .. Calls.Where(c => c.Method is "POST" or "PUT" && c.Path.Contains("/activities", StringComparison.Ordinal))];

    public static async Task<FakeConnector> StartAsync()
    {
        var fake = new FakeConnector();
        fake._server = await LoopbackServer.StartAsync(app => app.Map("/{**path}", (Delegate)fake.HandleAsync));
        return fake;
    }

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var body = await new StreamReader(request.Body).ReadToEndAsync();
        var now = DateTimeOffset.UtcNow;
        var path = request.Path.Value ?? "";
        var call = new ConnectorCall(request.Method, path, request.Headers.Authorization.FirstOrDefault(), body, now);
        Calls.Enqueue(call);
        Signal(call);
        if (TakeScriptedFor(request.Method, path) is { } forPath || _script.TryDequeue(out forPath))
        {
            if (forPath.RetryAfter is not null) context.Response.Headers.RetryAfter = forPath.RetryAfter;
            return Results.Content(forPath.Body ?? """{"error":{"code":"Scripted","message":"scripted answer"}}""",
                "application/json", statusCode: forPath.Status);
        }

        // v3, conversations, {id}, activities, {activityId}
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (Chaos is { } chaos && request.Method == "POST" && segments.Length == 4)
        {
            var chat = Uri.UnescapeDataString(segments[2]);
            var fault = _blocked.ContainsKey(chat) ? Fault.Blocked : chaos(chat);
            switch (fault)
            {
                case Fault.Throttle:
                    context.Response.Headers.RetryAfter = "0";
                    return Results.Json(new { error = new { code = "TooManyRequests", message = "chaos: throttled" } },
                        statusCode: 429);
                case Fault.Unavailable:
                    return Results.Json(
                        new { error = new { code = "ServiceUnavailable", message = "chaos: unavailable" } },
                        statusCode: 503);
                case Fault.Blocked:
                    _blocked[chat] = true;
                    return Results.Json(
                        new { error = new { code = "Forbidden", message = "chaos: the user blocked the bot" } },
                        statusCode: 403);
                case Fault.Slow:
                    await Task.Delay(TimeSpan.FromSeconds(2), context.RequestAborted)
                        .ContinueWith(_ => { }, TaskScheduler.Default);
                    return Results.Json(
                        new { error = new { code = "GatewayTimeout", message = "chaos: too slow" } }, statusCode: 504);
            }
        }
        if (segments.Length >= 3 && !WithinLimits(Uri.UnescapeDataString(segments[2]), now))
        {
            Calls.Enqueue(new ConnectorCall("THROTTLED", path, null, "", now));
            context.Response.Headers.RetryAfter = "1";
            return Results.Json(
                new { error = new { code = "TooManyRequests", message = "rate limited" } }, statusCode: 429);
        }
        var id = Interlocked.Increment(ref _ids);
        if (Chaos is not null && request.Method == "POST" && segments.Length == 4) Accepted.Enqueue(
            new ConnectorCall(request.Method, path, null, body, now));
        return (request.Method, segments.Length) switch
        {
            ("POST", 2) => Results.Json(new { id = $"a:conversation-{id}", activityId = $"m{id}" }, statusCode: 201),
            ("POST", 4 or 5) => Results.Json(new { id = $"m{id}" }, statusCode: 201),
            ("PUT", 5) => Results.Json(new { id = segments[4] }),
            ("DELETE", 5) => Results.Ok(),
            ("GET", 4) when segments[3] == "members" => Results.Json(Roster.Select(m => new { id = m.Id, name = m.Name,
                aadObjectId = m.Oid, email = $"{m.Name.ToLowerInvariant()}@contoso.test" })),
            _ => Results.NotFound(),
        };
    }

    private readonly Lock _scriptLock = new();

    private (int Status, string? RetryAfter, string? Body)? TakeScriptedFor(string method, string path)
    {
        lock (_scriptLock)
        {
            var pending = _scriptFor.ToArray();
            var index = Array.FindIndex(pending, p => p.Method == method && p.Path == path);
            if (index < 0) return null;
            _scriptFor.Clear();
            foreach (var (p, i) in pending.Select((p, i) => (p, i))) if (i != index) _scriptFor.Enqueue(p);
            return pending[index].Answer;
        }
    }

    /// <summary>Teams' per-conversation limits: 7 per second, 8 per 2 seconds, 60 per 30 seconds.</summary>
    private bool WithinLimits(string conversation, DateTimeOffset now)
    {
        var log = _sends.GetOrAdd(conversation, _ => []);
        lock (log)
        {
            bool Over(int count, double seconds) => log.Count(t => t > now.AddSeconds(-seconds)) >= count;
            if (Over(7, 1) || Over(8, 2) || Over(60, 30)) return false;
            log.Add(now);
            return true;
        }
    }

    private readonly List<(Func<ConnectorCall, bool> Match, TaskCompletionSource<ConnectorCall> Seen)> _waits = [];

    /// <summary>Completes with the first call, made already or still to come, that matches: a signal to await instead
    /// of a sleep.</summary>
    public Task<ConnectorCall> WhenAsync(Func<ConnectorCall, bool> match)
    {
        var seen = new TaskCompletionSource<ConnectorCall>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waits)
        {
            if (Calls.FirstOrDefault(match) is { } made) seen.SetResult(made);
            else _waits.Add((match, seen));
        }
        return seen.Task;
    }

    private void Signal(ConnectorCall call)
    {
        lock (_waits)
        {
            foreach (var wait in _waits.Where(w => w.Match(call)).ToList())
            {
                wait.Seen.TrySetResult(call);
                _waits.Remove(wait);
            }
        }
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
