using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace DeliveryBot.Teams.Tests.Support;

/// <summary>
/// Microsoft's Agents Playground (a local Teams emulator, npm @microsoft/m365agentsplayground) as a test peer:
/// started against the bot's endpoint, driven through its HTTP API as a Teams user, and watched through its
/// WebSocket for what the bot sends. It records every activity both ways in a file.
/// </summary>
public sealed class Playground : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentQueue<JsonElement> _frames = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<UserAction> _actions = new();

    private Playground(Process process, string directory, Uri address)
    {
        _process = process;
        _directory = directory;
        Address = address;
        Http = new HttpClient { BaseAddress = address };
    }

    public Uri Address { get; }
    public HttpClient Http { get; }
    public JsonElement Config { get; private set; }
    public string RecordingPath => Path.Combine(_directory, "recording.txt");

    public static async Task<Playground> StartAsync(Uri botEndpoint)
    {
        var cli = Path.Combine(
            RepoRoot(), "tests", "node", "node_modules", "@microsoft", "m365agentsplayground", "cli.js");
        if (!File.Exists(cli)) throw new InvalidOperationException(
            $"{cli} is missing: ./test.sh installs it (npm ci --prefix tests/node).");
        var directory = Directory.CreateTempSubdirectory("deliverybot-playground-").FullName;
        var info = new ProcessStartInfo("node", [cli, "-e", botEndpoint.ToString(), "-c", "msteams", "-p", FreePort()
            .ToString(System.Globalization.CultureInfo.InvariantCulture), "--dt", "--er"])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["TEAMSAPPTESTER_BROWSER"] = "none"; // otherwise it tries to open a browser and exits
        info.Environment["M365_AGENTS_PLAYGROUND_RECORDING_FILE"] = Path.Combine(directory, "recording.txt");
        var process = Process.Start(info)!;
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            output.Enqueue(e.Data);
            var at = e.Data.IndexOf("Listening on ", StringComparison.Ordinal);
            if (at >= 0 && int.TryParse(e.Data[(at + 13)..].Trim().TrimEnd('.'), out var port)) listening.TrySetResult(
                port);
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => listening.TrySetException(
            new InvalidOperationException($"The playground exited: {string.Join('\n', output)}"));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var port = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var playground = new Playground(process, directory, new Uri($"http://127.0.0.1:{port}/"));
        playground.Config = (await playground.Http.GetFromJsonAsync<JsonElement>("_internal/v1/config"))
            .GetProperty("config");
        await playground._socket.ConnectAsync(
            new Uri($"ws://127.0.0.1:{port}/_ws_conversation/v1/conversations/stream"), CancellationToken.None);
        _ = playground.ReceiveAsync();
        return playground;
    }

    public string PersonalChatId => Config.GetProperty("personalChat").GetProperty("id").GetString()!;
    public string TenantId => Config.GetProperty("tenantId").GetString()!;
    public string GroupChatId => Config.GetProperty("groupChats")[0].GetProperty("id").GetString()!;

    /// <summary>
    /// Something a user did through the playground, in order, with when it was sent and answered
    /// (<see cref="Stopwatch.GetTimestamp"/>): a click (its <see cref="Verb"/> and the bot's invoke response) or a
    /// message.
    /// </summary>
    public sealed record UserAction(
        string User, string ConversationId, string? Verb, long At, long AnsweredAt, JsonElement? Answer = null);

    public IReadOnlyList<UserAction> Actions => [.. _actions];

    /// <summary>The playground's user (user-id-N) that an id the bot uses for them names: their user id or Entra object
    /// id.</summary>
    public string? UserOf(string id)
    {
        foreach (var user in Config.GetProperty("users").EnumerateArray().Prepend(Config.GetProperty("currentUser")))
            if (string.Equals(user.GetProperty("id").GetString(), id, StringComparison.Ordinal)
                || string.Equals(user.GetProperty("aadObjectId").GetString(), id, StringComparison.OrdinalIgnoreCase))
                return user.GetProperty("id").GetString();
        return null;
    }

    /// <summary>A user (by default the current user, Alex Wilber, user-id-0) says something in a
    /// conversation.</summary>
    public async Task SayAsync(string conversationId, string text, string userId = "user-id-0")
    {
        var at = Stopwatch.GetTimestamp();
        using var response = await Http.PostAsJsonAsync(
            $"_conversation/v1/conversations/{Uri.EscapeDataString(conversationId)}/messages",
            new { from = new { id = userId }, text, textFormat = "plain" });
        _actions.Enqueue(new UserAction(userId, conversationId, null, at, Stopwatch.GetTimestamp()));
        response.EnsureSuccessStatusCode();
    }

    /// <summary>A user @mentions the bot in a group chat or channel, as Teams requires for the bot to hear
    /// it.</summary>
    public async Task SayToBotAsync(string conversationId, string text, string userId)
    {
        var bot = Config.GetProperty("bot");
        var mention = $"<at>{bot.GetProperty("name").GetString()}</at>";
        var at = Stopwatch.GetTimestamp();
        using var response = await Http.PostAsJsonAsync(
            $"_conversation/v1/conversations/{Uri.EscapeDataString(conversationId)}/messages", new
        {
            from = new { id = userId },
            text = $"{mention} {text}",
            textFormat = "plain",
            mentions = new[] { new { text = mention, mentioned = new { id = bot.GetProperty("id").GetString() } } },
        });
        _actions.Enqueue(new UserAction(userId, conversationId, null, at, Stopwatch.GetTimestamp()));
        response.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// A user (user-id-0 … user-id-5) clicks an Action.Execute button on a card the bot posted: the playground sends
    /// the bot an adaptiveCard/action invoke as Teams does and returns the bot's invoke response.
    /// </summary>
    public async Task<JsonElement> ClickAsync(
        string conversationId, string userId, string cardMessageId, string verb, object data)
    {
        var at = Stopwatch.GetTimestamp();
        using var response = await Http.PostAsJsonAsync("_conversation/v1/invoke", new
        {
            name = "adaptiveCard/action",
            value = new { action = new { type = "Action.Execute", verb, data } },
            from = new { id = userId },
            conversation = new { id = conversationId },
            replyToId = cardMessageId,
        });
        var answeredAt = Stopwatch.GetTimestamp();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"The playground refused the click ({(int)response.StatusCode}): " +
                $"{await response.Content.ReadAsStringAsync()}");
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        _actions.Enqueue(new UserAction(userId, conversationId, verb, at, answeredAt, answer));
        return answer;
    }

    /// <summary>The next message the bot creates in a conversation the current user is in.</summary>
    public async Task<JsonElement> NextBotMessageAsync(TimeSpan timeout, string? inConversation = null)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            while (_frames.TryDequeue(out var frame))
                if (frame.GetProperty("action").GetString() == "createMessage"
                    && (inConversation is null || frame.GetProperty("actionConversationId")
                        .GetString() == inConversation)) return frame;
            await _arrived.WaitAsync(cts.Token);
        }
    }

    /// <summary>A message the bot sent or updated through the playground's connector, as recorded.</summary>
    public sealed record BotSend(string Method, string ConversationId, string MessageId, JsonElement Activity);

    /// <summary>
    /// Every message the bot posted (POST) or updated in place (PUT), in order, read from the playground's recording:
    /// it sees the bot's calls to every conversation, including 1:1 chats with users other than the current one.
    /// </summary>
    public async Task<IReadOnlyList<BotSend>> BotSendsAsync()
    {
        var sends = new List<BotSend>();
        foreach (var text in (await RecordingAsync())
            .Split("\n---\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!text.StartsWith('{') || !text.EndsWith('}')) continue; // an entry still being written
            using (var entry = JsonDocument.Parse(text))
            {
                var root = entry.RootElement;
                if (!root.TryGetProperty("request", out var request) || !request.TryGetProperty("url", out var url)
                    || !request.TryGetProperty("body", out var body)) continue;
                var path = Uri.UnescapeDataString(url.GetString()!);
                var method = request.GetProperty("method").GetString()!;
                var at = path.IndexOf("/v3/conversations/", StringComparison.Ordinal);
                if (at < 0 || !path.Contains("/activities", StringComparison.Ordinal)
                    || method is not ("POST" or "PUT")) continue;
                var parts = path[(at + "/v3/conversations/".Length)..].Split('/');
                var id = method == "PUT" ? parts[2]
                    : root.GetProperty("response").GetProperty("body") is { ValueKind: JsonValueKind.Object } answer
                        && answer.TryGetProperty("id", out var i) ? i.GetString()! : "";
                sends.Add(new BotSend(method, parts[0], id, body.Clone()));
            }
        }
        return sends;
    }

    /// <summary>The activities the playground recorded (both directions).</summary>
    public async Task<string> RecordingAsync()
        => File.Exists(RecordingPath) ? await File.ReadAllTextAsync(RecordingPath) : "";

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer, _stop.Token);
                    message.Write(buffer, 0, result.Count);
                } while (!result.EndOfMessage);
                if (result.MessageType == WebSocketMessageType.Close) return;
                _frames.Enqueue(JsonDocument.Parse(Encoding.UTF8.GetString(message.ToArray())).RootElement.Clone());
                _arrived.Release();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException) { }
    }

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DeliveryBot.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("DeliveryBot.sln not found.");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        Http.Dispose();
        if (!_process.HasExited) { _process.Kill(entireProcessTree: true); await _process.WaitForExitAsync(); }
        _process.Dispose();
        _stop.Dispose();
        _arrived.Dispose();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
