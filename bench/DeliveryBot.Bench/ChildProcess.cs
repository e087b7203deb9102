using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace DeliveryBot.Bench;

/// <summary>
/// This bench started again as a <see cref="LiteDbWriter"/> child, with its acknowledgements collected as they
/// arrive. It re-launches its own executable (or `dotnet bench.dll` when run that way) so the child runs exactly the
/// store code the parent measures.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<int> _acks = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _writing = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(ProcessStartInfo info)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        _process = new Process { StartInfo = info, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data == "READY") _ready.TrySetResult();
            else if (e.Data?.Split(' ') is ["ACK", var number])
            {
                _acks.Enqueue(int.Parse(number, CultureInfo.InvariantCulture));
                _writing.TrySetResult();
            }
        };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 }) _errors.Enqueue(e.Data); };
        _process.Exited += (_, _) =>
        {
            _ready.TrySetException(new InvalidOperationException($"The writer exited unready: {FirstError}"));
            _writing.TrySetException(new InvalidOperationException($"The writer exited before a commit: {FirstError}"));
        };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>
    /// A writer of <paramref name="count"/> records from <paramref name="first"/> (0: until killed); with
    /// <paramref name="straceLog"/>, run under strace, logging its syncs and its writes to stdout.
    /// </summary>
    public static ChildProcess Writer(string engine, string path, int first, int count, string? straceLog = null)
    {
        var self = Environment.ProcessPath!;
        string[] prefix = Path.GetFileNameWithoutExtension(self) == "dotnet"
            ? [typeof(ChildProcess).Assembly.Location]
            : [];
        string[] args =
        [
            .. prefix, LiteDbWriter.Command, engine, path,
            first.ToString(CultureInfo.InvariantCulture), count.ToString(CultureInfo.InvariantCulture),
        ];
        return new ChildProcess(straceLog is null
            ? new ProcessStartInfo(self, args)
            : new ProcessStartInfo("strace",
                ["-f", "-qq", "--seccomp-bpf", "-e", "trace=fsync,fdatasync,write", "-o", straceLog, self, .. args]));
    }

    public Task Ready => _ready.Task;

    /// <summary>Its first acknowledged commit: the first one costs a JIT warm-up of ~0.2 s, not a write.</summary>
    public Task Writing => _writing.Task;

    /// <summary>The record numbers acknowledged so far.</summary>
    public IReadOnlyList<int> Acks => [.. _acks];

    public string FirstError => _errors.TryPeek(out var line) ? line : "";

    public int ExitCode => _process.ExitCode;

    /// <summary>SIGKILL on Linux: no flush, no finalizers, no shutdown hooks.</summary>
    public void Kill() => _process.Kill();

    /// <summary>Waits for the exit and the end of its output; false past <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose() => _process.Dispose();
}
