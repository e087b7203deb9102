using System.Diagnostics;
using System.Text.RegularExpressions;

namespace DeliveryBot.Tests.Support;

/// <summary>
/// The bot as a real child process (the built DeliveryBot.dll) on a free loopback port. Start-up is awaited
/// on Kestrel's "Now listening on" line, not a sleep. Later suites kill it with SIGKILL to test durability.
/// </summary>
public sealed partial class BotProcess : IAsyncDisposable
{
    private readonly Process _process;

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output;

    private readonly System.Collections.Concurrent.ConcurrentQueue<(string Text, TaskCompletionSource Seen)> _awaited;

    private BotProcess(
        Process process,
        Uri address,
        System.Collections.Concurrent.ConcurrentQueue<string> output,
        System.Collections.Concurrent.ConcurrentQueue<(string Text, TaskCompletionSource Seen)> awaited)
    {
        _process = process;
        Address = address;
        _output = output;
        _awaited = awaited;
    }

    /// <summary>Completes once the bot has written a line containing <paramref name="text"/>.</summary>
    public Task Wrote(string text)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _awaited.Enqueue((text, seen));
        // a line written before the wait was enqueued is in the output already
        if (_output.Any(l => l.Contains(text, StringComparison.Ordinal))) seen.TrySetResult();
        return seen.Task;
    }

    private static void Seen(
        string line, System.Collections.Concurrent.ConcurrentQueue<(string Text, TaskCompletionSource Seen)> awaited)
    {
        foreach (var (text, seen) in awaited)
            if (line.Contains(text, StringComparison.Ordinal)) seen.TrySetResult();
    }

    public Uri Address { get; }

    /// <summary>What the bot has written to stdout and stderr so far.</summary>
    public IReadOnlyCollection<string> Output => _output;

    public static async Task<BotProcess> StartAsync(
        IDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "DeliveryBot.dll");
        var info = new ProcessStartInfo("dotnet", [dll, "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;

        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var awaited = new System.Collections.Concurrent.ConcurrentQueue<(string Text, TaskCompletionSource Seen)>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            output.Enqueue(e.Data);
            Seen(e.Data, awaited);
            if (Listening().Match(e.Data) is { Success: true } m) listening.TrySetResult(new Uri(m.Groups[1].Value));
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            output.Enqueue(e.Data);
            Seen(e.Data, awaited);
        };
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) =>
        {
            // Exited can be raised before the last output lines are read: wait for both streams to end first.
            process.WaitForExit();
            listening.TrySetException(
                new InvalidOperationException($"The bot exited early:\n{string.Join('\n', output)}"));
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            var address = await listening.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(60));
            return new BotProcess(process, address, output, awaited);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>SIGKILL: the process gets no chance to finish anything (Process.Kill sends SIGKILL on Unix).</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>
    /// SIGTERM, as a container orchestrator stops a pod: the bot stops in its own time; its exit code once it has.
    /// </summary>
    public async Task<int> TerminateAsync(TimeSpan within)
    {
        await SignalTerminateAsync();
        return await ExitedAsync(within);
    }

    /// <summary>Sends SIGTERM and returns at once: the bot is stopping, in its own time.</summary>
    public async Task SignalTerminateAsync()
    {
        var pid = _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var kill = Process.Start("kill", ["-TERM", pid])!;
        await kill.WaitForExitAsync();
    }

    /// <summary>The exit code, once the process has exited (within <paramref name="within"/>).</summary>
    public async Task<int> ExitedAsync(TimeSpan within)
    {
        await _process.WaitForExitAsync().WaitAsync(within);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex Listening();
}
