using System.Diagnostics;

namespace DeliveryBot.Bench;

/// <summary>
/// One SDK side of the peers bench (bench/peers): a Node process serving the gate click on loopback, started with the
/// bench's OpenID metadata and a storage, ready once it prints <c>READY &lt;url&gt;</c>. Its CPU is read off its
/// process (the kernel's count), so it is the side's alone, not the load generator's.
/// </summary>
internal sealed class NodeSideProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<Uri> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string _lastError = "";

    private NodeSideProcess(ProcessStartInfo info)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.Environment["NODE_ENV"] = "production"; // as deployed: no anonymous fallback, no development logging
        _process = new Process { StartInfo = info, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Split(' ', 2) is ["READY", var url]) _ready.TrySetResult(new Uri(url));
            // work the side failed to do behind an answer, said where it happens (the SDKs' own logs go to stderr)
            else if (e.Data?.StartsWith("FAILED ", StringComparison.Ordinal) == true)
                Console.Error.WriteLine($"{info.ArgumentList[0]}: {e.Data}");
        };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 }) _lastError = e.Data; };
        _process.Exited += (_, _) =>
            _ready.TrySetException(new InvalidOperationException($"The side's process exited ({_lastError})."));
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Its <c>/api/messages</c>.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>
    /// <paramref name="script"/> (in <paramref name="folder"/>) on its MemoryStorage, or on SQLite in
    /// <paramref name="database"/> when given; <paramref name="options"/> are the script's own further options.
    /// </summary>
    public static async Task<NodeSideProcess> StartAsync(
        string folder, string script, Uri metadata, string? database, params string[] options)
    {
        var info = new ProcessStartInfo("node", [script, "--port", "0", "--metadata", metadata.ToString()])
        {
            WorkingDirectory = folder,
        };
        if (database is not null)
            foreach (var arg in new[] { "--storage", "sqlite", "--db", database }) info.ArgumentList.Add(arg);
        foreach (var option in options) info.ArgumentList.Add(option);
        var side = new NodeSideProcess(info);
        // a side that seeds its deliveries first (--job same) takes a few seconds more
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        side.Url = await side._ready.Task.WaitAsync(patience.Token);
        return side;
    }

    /// <summary>CPU time the kernel has charged to the side's process so far, all its threads.</summary>
    public TimeSpan Cpu
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
