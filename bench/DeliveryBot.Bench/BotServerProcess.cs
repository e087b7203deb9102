using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace DeliveryBot.Bench;

/// <summary>
/// The bot in a process of its own: this bench started again as a child that runs the real host on Kestrel on
/// loopback (<see cref="BotHost"/>), seeds the clicks bench's deliveries and says where it listens. The load
/// generator stays in the parent, so the CPU read off this process (the kernel's count, <c>/proc</c>) is the bot's
/// alone: in one process the clients' HTTP, JSON and token work weighs as much as the bot's and moves with it.
/// The child answers <c>STATS</c> on its standard input with what it has allocated and what its exporters were
/// given, switches its telemetry on <c>WAY</c> (<see cref="SwitchedTelemetry"/>), and ends when its input closes.
/// </summary>
internal sealed class BotServerProcess : IAsyncDisposable
{
    public const string Command = "bot-server";
    private const string AllocatedLine = "  bot allocated", PausedLine = "  bot paused:";
    private const string StatsCommand = "STATS", WayCommand = "WAY";

    private readonly Process _process;
    private readonly TaskCompletionSource<Uri> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource<string> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string _lastError = "";

    private BotServerProcess(ProcessStartInfo info)
    {
        info.RedirectStandardInput = true;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        _process = new Process { StartInfo = info, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Split(' ', 2) is ["READY", var url]) _ready.TrySetResult(new Uri(url));
            else if (e.Data?.Split(' ', 2) is [StatsCommand or WayCommand, var answer]) _answer.TrySetResult(answer);
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 }) _lastError = e.Data;
            // the allocation sample, when asked for (AllocationSampler), shown as the bot's own lines
            if (e.Data?.StartsWith(AllocatedLine, StringComparison.Ordinal) == true
                || e.Data?.StartsWith(PausedLine, StringComparison.Ordinal) == true) Console.WriteLine(e.Data);
        };
        _process.Exited += (_, _) =>
        {
            var gone = new InvalidOperationException($"The bot's process exited ({_lastError}).");
            _ready.TrySetException(gone);
            _answer.TrySetException(gone);
        };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Its <c>/api/messages</c>.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>
    /// The bot with telemetry as <paramref name="way"/> says (<see cref="ClicksBench.Telemetry"/>), its store
    /// holding <paramref name="deliveries"/> deliveries that <paramref name="people"/> people click; with
    /// <paramref name="core"/>, held to that core (<see cref="Cores"/>).
    /// </summary>
    public static async Task<BotServerProcess> StartAsync(
        string way, Uri metadata, Uri connector, int deliveries, int people, int? core = null)
    {
        // The bench's own assembly, run with the host's runtime settings (its runtimeconfig.json: the workstation
        // collector, the thread pool's workers not spinning), not the bench's, which are the clients'.
        var bench = typeof(BotServerProcess).Assembly.Location;
        var host = Path.Combine(Path.GetDirectoryName(bench)!, "DeliveryBot.runtimeconfig.json");
        string[] command =
        [
            DotnetHost(), "exec", "--runtimeconfig", host, bench, Command, way, metadata.ToString(),
            connector.ToString(), deliveries.ToString(CultureInfo.InvariantCulture),
            people.ToString(CultureInfo.InvariantCulture),
        ];
        var bot = new BotServerProcess(core is { } c
            ? new ProcessStartInfo(Cores.Taskset, ["-c", c.ToString(CultureInfo.InvariantCulture), .. command])
            : new ProcessStartInfo(command[0], command[1..]));
        bot.Url = new Uri(await bot._ready.Task, "api/messages");
        return bot;
    }

    /// <summary>The dotnet host this process runs under (its runtime is in shared/Microsoft.NETCore.App/x).</summary>
    private static string DotnetHost()
        => Path.GetFullPath(Path.Combine(
            System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", "dotnet"));

    /// <summary>CPU time the kernel has charged to the bot's process so far, all its threads.</summary>
    public TimeSpan Cpu
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>
    /// Bytes the bot has allocated so far, telemetry items its exporters were handed, and methods its JIT compiled (a
    /// round during which that count still climbs measured code not yet at its final tier).
    /// </summary>
    public async Task<(long Allocated, long Exported, long Compiled)> StatsAsync()
    {
        var figures = (await AskAsync(StatsCommand)).Split(' ');
        return (long.Parse(figures[0], CultureInfo.InvariantCulture),
            long.Parse(figures[1], CultureInfo.InvariantCulture),
            long.Parse(figures[2], CultureInfo.InvariantCulture));
    }

    /// <summary>The bot's telemetry switched to <paramref name="way"/> (<see cref="ClicksBench.Telemetry"/>).</summary>
    public async Task UseAsync(string way)
    {
        if (await AskAsync($"{WayCommand} {way}") != way)
            throw new InvalidOperationException($"The bot did not take the way '{way}'.");
    }

    /// <summary>One command to the child, and its answer: one at a time.</summary>
    private async Task<string> AskAsync(string command)
    {
        _answer = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _process.StandardInput.WriteLineAsync(command);
        await _process.StandardInput.FlushAsync();
        return await _answer.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
        }
        _process.Dispose();
    }

    /// <summary>The child: serves until its standard input closes.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var (way, metadata, connector) = (args[1], new Uri(args[2]), new Uri(args[3]));
        int deliveries = int.Parse(args[4], CultureInfo.InvariantCulture),
            people = int.Parse(args[5], CultureInfo.InvariantCulture);
        var directory = Directory.CreateTempSubdirectory("deliverybot-server-").FullName;
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_DELIVERYBOT", ClicksBench.HostProjectFolder());
        await using (var bot = new BotHost(directory, metadata))
        {
            bot.UseKestrel(0);
            bot.StartServer();
            using var telemetry = new SwitchedTelemetry(bot.Services);
            telemetry.Use(ClicksBench.Telemetry(way));
            await ClicksBench.SeedAsync(bot.Services, connector, deliveries, people);
            Console.WriteLine($"READY {bot.ClientOptions.BaseAddress}");
            using var allocations = AllocationSampler.FromEnvironment();
            using var pauses = PauseMeter.FromEnvironment();
            while (await Console.In.ReadLineAsync() is { } line)
                if (line == StatsCommand)
                {
                    foreach (var (type, bytes) in allocations?.Take(25) ?? [])
                        await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                            $"{AllocatedLine} {bytes / 1024,10:N0} KB  {type}"));
                    if (pauses is not null) await Console.Error.WriteLineAsync($"{PausedLine} {pauses.Take()}");
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{StatsCommand} {GC.GetTotalAllocatedBytes()} {telemetry.Exported} " +
                        $"{System.Runtime.JitInfo.GetCompiledMethodCount()}"));
                }
                else if (line.Split(' ') is [WayCommand, var next])
                {
                    telemetry.Use(ClicksBench.Telemetry(next));
                    Console.WriteLine($"{WayCommand} {next}");
                }
        }
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
        return 0;
    }
}
