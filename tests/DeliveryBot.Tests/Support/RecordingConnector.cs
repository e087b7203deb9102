using System.Collections.Concurrent;
using System.Text.Json;
using DeliveryBot.TestKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DeliveryBot.Tests.Support;

/// <summary>
/// A Bot Connector on loopback that opens 1:1 chats (the chat id names the member, so every message is attributed to
/// its recipient) and logs every message posted to a chat. It outlives the bot processes a test kills and restarts,
/// so its log is the ground truth of what Teams would have shown.
/// </summary>
public sealed class RecordingConnector : IAsyncDisposable
{
    private readonly ConcurrentQueue<(string Conversation, string Body)> _posts = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource> _thresholds = new();
    private LoopbackServer _server = null!;
    private int _count;

    public Uri ServiceUrl => _server.Address;

    /// <summary>Every message posted, in arrival order: the chat it went to and the activity.</summary>
    public IReadOnlyCollection<(string Conversation, string Body)> Posts => _posts;

    public int Count => Volatile.Read(ref _count);

    public static async Task<RecordingConnector> StartAsync()
    {
        var connector = new RecordingConnector();
        connector._server = await LoopbackServer.StartAsync(app =>
        {
            app.MapPost("/v3/conversations", (Func<HttpRequest, Task<IResult>>)OpenChatAsync);
            app.MapPost("/v3/conversations/{conversation}/activities", (Func<string, HttpRequest, Task<IResult>>)connector.PostAsync);
            app.MapPut("/v3/conversations/{conversation}/activities/{activity}", (string activity) => Results.Json(new { id = activity }));
        });
        return connector;
    }

    /// <summary>Completes once at least <paramref name="posts"/> messages have arrived.</summary>
    public Task Reached(int posts)
    {
        var signal = _thresholds.GetOrAdd(posts, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (Count >= posts) signal.TrySetResult();
        return signal.Task;
    }

    private static async Task<IResult> OpenChatAsync(HttpRequest request)
    {
        using var body = await JsonDocument.ParseAsync(request.Body);
        var member = body.RootElement.GetProperty("members")[0].GetProperty("id").GetString();
        return Results.Json(new { id = $"a:chat-{member}" }, statusCode: 201);
    }

    private async Task<IResult> PostAsync(string conversation, HttpRequest request)
    {
        var body = await new StreamReader(request.Body).ReadToEndAsync();
        _posts.Enqueue((conversation, body));
        var count = Interlocked.Increment(ref _count);
        foreach (var (threshold, signal) in _thresholds)
            if (count >= threshold) signal.TrySetResult();
        return Results.Json(new { id = $"m{count}" }, statusCode: 201);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
