using System.Collections.Concurrent;
using System.Text.Json;
using DeliveryBot.TestKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DeliveryBot.Tests.Support;

/// <summary>
/// A Bot Connector on loopback that opens 1:1 chats (the chat id names the member, so every message is attributed to
/// its recipient) and logs every message posted to a chat and every card updated in place. It outlives the bot
/// processes a test kills and restarts, so its log is the ground truth of what Teams would have shown. While held
/// (<see cref="Hold"/>), it takes nothing: calls wait unanswered, and are refused unlogged when released.
/// </summary>
public sealed class RecordingConnector : IAsyncDisposable
{
    private readonly ConcurrentQueue<(string Conversation, string Body)> _posts = new();
    private readonly ConcurrentQueue<(string Conversation, string Activity, string Body)> _updates = new();
    private TaskCompletionSource? _held;
    private int _waiting;
    private readonly ConcurrentDictionary<int, TaskCompletionSource> _thresholds = new();
    private LoopbackServer _server = null!;
    private int _count;

    public Uri ServiceUrl => _server.Address;

    /// <summary>Every message posted, in arrival order: the chat it went to and the activity.</summary>
    public IReadOnlyCollection<(string Conversation, string Body)> Posts => _posts;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Every card updated in place, in arrival order.</summary>
    public IReadOnlyCollection<(string Conversation, string Activity, string Body)> Updates => _updates;

    /// <summary>Calls waiting, unanswered, while the connector is held.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>From now on nothing is taken: each call waits until <see cref="Release"/>, and is then refused (503)
    /// without being logged.</summary>
    public void Hold() => _held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => Interlocked.Exchange(ref _held, null)?.TrySetResult();

    /// <summary>Whether the call was held and must be refused.</summary>
    private async Task<bool> HeldAsync()
    {
        if (_held is not { } held) return false;
        Interlocked.Increment(ref _waiting);
        Signal();
        await held.Task;
        Interlocked.Decrement(ref _waiting);
        return true;
    }

    public static async Task<RecordingConnector> StartAsync()
    {
        var connector = new RecordingConnector();
        connector._server = await LoopbackServer.StartAsync(app =>
        {
            app.MapPost("/v3/conversations", (Func<HttpRequest, Task<IResult>>)OpenChatAsync);
            app.MapPost("/v3/conversations/{conversation}/activities",
                (Func<string, HttpRequest, Task<IResult>>)connector.PostAsync);
            app.MapPut("/v3/conversations/{conversation}/activities/{activity}",
                (Func<string, string, HttpRequest, Task<IResult>>)connector.UpdateAsync);
        });
        return connector;
    }

    /// <summary>Completes once <paramref name="chats"/> different chats have had a message.</summary>
    public async Task EveryChatReached(int chats)
    {
        while (true)
        {
            // The count is read before the posts are looked at: a message arriving in between already satisfies the
            // wait below. (Read after, the last message could slip in between and leave it waiting for one more,
            // forever.)
            var seen = Count;
            if (Posts.Select(p => p.Conversation).Distinct().Count() >= chats) return;
            await Reached(seen + 1);
        }
    }

    /// <summary>Completes once at least <paramref name="posts"/> messages have arrived.</summary>
    public Task Reached(int posts)
    {
        var signal = _thresholds.GetOrAdd(
            posts, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (Count >= posts) signal.TrySetResult();
        return signal.Task;
    }

    private static async Task<IResult> OpenChatAsync(HttpRequest request)
    {
        using var body = await JsonDocument.ParseAsync(request.Body);
        var member = body.RootElement.GetProperty("members")[0].GetProperty("id").GetString();
        return Results.Json(new { id = $"a:chat-{member}" }, statusCode: 201);
    }

    private async Task<IResult> UpdateAsync(string conversation, string activity, HttpRequest request)
    {
        var body = await new StreamReader(request.Body).ReadToEndAsync();
        if (await HeldAsync()) return Results.StatusCode(503);
        _updates.Enqueue((conversation, activity, body));
        Signal();
        return Results.Json(new { id = activity });
    }

    private async Task<IResult> PostAsync(string conversation, HttpRequest request)
    {
        var body = await new StreamReader(request.Body).ReadToEndAsync();
        if (await HeldAsync()) return Results.StatusCode(503);
        _posts.Enqueue((conversation, body));
        var count = Interlocked.Increment(ref _count);
        Signal();
        return Results.Json(new { id = $"m{count}" }, statusCode: 201);
    }

    private readonly ConcurrentQueue<(Func<bool> Done, TaskCompletionSource Seen)> _conditions = new();

    /// <summary>Completes once <paramref name="done"/> holds, looked at after every message or update logged and every
    /// call held.</summary>
    public Task Until(Func<bool> done)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _conditions.Enqueue((done, seen));
        if (done()) seen.TrySetResult();
        return seen.Task;
    }

    private void Signal()
    {
        foreach (var (threshold, signal) in _thresholds)
            if (Count >= threshold) signal.TrySetResult();
        foreach (var (done, seen) in _conditions)
            if (!seen.Task.IsCompleted && done()) seen.TrySetResult();
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
