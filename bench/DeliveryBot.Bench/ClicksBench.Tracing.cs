using DeliveryBot.TestKit;

namespace DeliveryBot.Bench;

/// <summary>
/// What traces and metrics cost a click: the same clicks against the bot with telemetry off (nothing listens) and on
/// in three ways: as an operator gets it by setting only the OTLP endpoint (every trace kept, one span per save), the
/// same with a span per database statement (<c>Telemetry:DatabaseSpans</c>), and with the standard head sampler
/// keeping one trace in ten (<c>OTEL_TRACES_SAMPLER=parentbased_traceidratio</c>, <c>OTEL_TRACES_SAMPLER_ARG=0.1</c>).
/// Spans are batched and the instruments collected at the SDK's default interval, as with an OTLP endpoint, but
/// exported to nowhere so the network is not measured.
/// </summary>
/// <remarks>
/// Four bot processes (<see cref="BotServerProcess"/>) on the same core are clicked at the same steady rate over the
/// same seconds, so the CPU counted is the bots' alone, not the clients' beside them, and whatever else the machine
/// does in those seconds weighs on the four alike: each way's CPU per click is set against the off way's of the same
/// round. (Taking the ways in turn left a ±10 % spread between rounds, twice the cost to be measured.) Each process
/// keeps an offset of its own through a run (its heap, its JIT's choices, where its threads land: up to ±5 % between
/// identical bots), so the ways turn among the processes from round to round (<see cref="SwitchedTelemetry"/>): over
/// each turn every way has run once on every process, and the geometric mean of a turn's ratios holds no process's
/// offset. A first turn, not counted, warms every way up on every process.
/// </remarks>
internal static partial class ClicksBench
{
    internal sealed record Way(string Key, string Name, bool Traced, bool DatabaseSpans, double? Ratio);

    private static readonly Way[] All =
    [
        new("off", "off", Traced: false, DatabaseSpans: false, Ratio: null),
        new("on", "on", Traced: true, DatabaseSpans: false, Ratio: null),
        new("db", "on + db spans", Traced: true, DatabaseSpans: true, Ratio: null),
        new("sampled", "on, 1 in 10", Traced: true, DatabaseSpans: false, Ratio: 0.1),
    ];

    /// <summary>A bot process, the Teams it sends to, and the token its clients' activities carry.</summary>
    private sealed record Bot(BotServerProcess Process, TeamsLimitsConnector Connector, string Token);

    /// <summary>One round of one way: the process it ran on, its CPU and allocation per click, the load.</summary>
    /// <param name="Compiled">
    /// Methods the bot's JIT compiled during the round: hundreds, and the round measured code not yet at its last tier.
    /// </param>
    private sealed record Round(int Process, Run Load, double BotCpuMsEach, double BotKbEach, long Compiled);

    /// <summary>
    /// Off and on in three ways, at once; or, with <paramref name="only"/>, the ways listed (comma-separated, the
    /// first the one the others are set against): one alone to attach a profiler to, or the same one several times
    /// to see how far apart identical bots come out (<c>off,off,off,off</c>). There are as many bot processes as ways,
    /// and <paramref name="rounds"/> is taken up to whole turns. The clients click each bot <paramref name="rate"/>
    /// times a second (0: each click as soon as the last is answered).
    /// </summary>
    public static async Task TracingCostAsync(int clients, int clicks, int rounds, string? only, double rate)
    {
        var ways = only is null ? All : [.. only.Split(',').Select((key, i) => WayOf(key.Trim(), i))];
        var turn = ways.Length;
        rounds = (rounds + turn - 1) / turn * turn;
        await using var keys = await TestSigningKeys.StartAsync();
        var warmup = Math.Max(clients * 5, clicks / turn); // each way on each process, so a turn of rounds
        var deliveries = turn * warmup + rounds * clicks;
        // the bots on the last core, this process (the clients, and the connector and keys they stand beside) on the
        // others
        int? botCore = Cores.CanSeparate ? Environment.ProcessorCount - 1 : null;
        if (botCore is { } core) Cores.HoldThisProcessTo(core - 1);
        double? paced = rate > 0 ? rate : null;
        var where = botCore is null
            ? "sharing the cores with the clients"
            : $"on core {botCore}, the clients on the others";
        Console.WriteLine(
            $"DeliveryBot tracing cost: {clients} concurrent clients " +
            $"{(paced is { } r ? $"clicking each bot {r:N0} times a second" : "clicking as fast as answered")}, " +
            $"{clicks:N0} gate clicks per bot per round, {rounds} rounds of {turn} bots at once, the ways turning " +
            $"among the bots each round (after a turn of {warmup:N0} each to warm up), " +
            $"{where}, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        var bots = new List<Bot>();
        try
        {
            // each bot with a Teams of its own: one connector's limits shared by four bots would refuse what each
            // alone may send, and the retries would count in some rounds and not others; started and seeded at once
            bots.AddRange(await Task.WhenAll(ways.Select(async way =>
            {
                var connector = await TeamsLimitsConnector.StartAsync(TimeSpan.Zero);
                return new Bot(
                    await BotServerProcess.StartAsync(
                        way.Key, keys.MetadataUrl, connector.ServiceUrl, deliveries, clients, botCore),
                    connector,
                    keys.Token(connector.ServiceUrl.ToString()));
            })));
            using var http = new HttpClient(new SocketsHttpHandler
            {
                MaxConnectionsPerServer = clients,
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            });
            var version = Scenario.Opened().Planned().Delivery.Version;
            string Click(Uri teams, int i) => Invoke(teams, i, i % clients, version);
            // each bot has a store of its own, seeded alike: each decides the same deliveries in the same round
            for (var round = 0; round < turn; round++)
                await OneRoundAsync(bots, ways, round, http, clients, round * warmup, warmup, Click, paced);
            var exported = await Task.WhenAll(bots.Select(b => b.Process.StatsAsync()));
            if (ways.Any(w => w.Traced) && exported.Sum(s => s.Exported) == 0)
                throw new InvalidOperationException("Tracing was on, but nothing was exported.");
            var runs = ways.Select(_ => new List<Round>()).ToArray();
            using var clientPauses = PauseMeter.FromEnvironment();
            for (var round = 0; round < rounds; round++)
            {
                var results = await OneRoundAsync(
                    bots, ways, round, http, clients, turn * warmup + round * clicks, clicks, Click, paced);
                for (var w = 0; w < turn; w++)
                {
                    var run = results[w];
                    runs[w].Add(run);
                    Console.WriteLine(
                        $"  round {round + 1} {ways[w].Name,-14} (bot {run.Process + 1}): " +
                        $"{run.Load.Throughput:F0} clicks/s, p99 {run.Load.P(99):F1} ms, " +
                        $"bot CPU {run.BotCpuMsEach:F3} ms, {run.BotKbEach:F1} KB per click, " +
                        $"{run.Compiled} methods compiled");
                }
                if (clientPauses is not null) Console.WriteLine($"  clients paused: {clientPauses.Take()}");
            }
            // what the bots sent behind their answers: a 429 would mean a send done twice in some round's figure
            foreach (var (bot, i) in bots.Select((b, i) => (b, i)))
                Console.WriteLine($"bot {i + 1}'s connector took {bot.Connector.Accepted:N0} messages, " +
                    $"updated {bot.Connector.Updated:N0}, opened {bot.Connector.Opened:N0} chats, " +
                    $"refused {bot.Connector.Refused:N0} calls");
            PrintOffsets(runs, turn);
            Console.WriteLine($"{"measure",-44} {"value",12} {"unit",-6} {"target",-16} {"ratio",-8}");
            for (var w = 0; w < turn; w++)
            {
                Measure.Row($"{ways[w].Name}: bot CPU per click", Median(runs[w], r => r.BotCpuMsEach), "ms");
                Measure.Row($"{ways[w].Name}: bot allocated per click", Median(runs[w], r => r.BotKbEach), "KB");
                Measure.Row($"{ways[w].Name}: throughput", Median(runs[w], r => r.Load.Throughput), "/s");
                Measure.Row($"{ways[w].Name}: p99", Median(runs[w], r => r.Load.P(99)), "ms");
            }
            if (turn == 1) return;
            var basis = ways[0].Name;
            for (var w = 1; w < turn; w++)
            {
                // each round's figure against the first way's of the same round (the same seconds on the same core);
                // a turn's geometric mean, in which every process has run both ways once; the mean over the turns
                var ratios = runs[w].Select((r, i) => r.BotCpuMsEach / runs[0][i].BotCpuMsEach).ToList();
                var turns = ratios.Chunk(turn).Select(GeometricMean).ToList();
                Console.WriteLine($"  {ways[w].Name} / {basis}: by round " +
                    $"{string.Join(", ", ratios.Order().Select(r => $"{r:F3}"))}; by turn " +
                    $"{string.Join(", ", turns.Select(r => $"{r:F3}"))}");
                Measure.Row($"bot CPU per click, {ways[w].Name} / {basis}", GeometricMean(ratios), "", atMost: 1.05);
            }
        }
        finally
        {
            foreach (var bot in bots)
            {
                await bot.Process.DisposeAsync();
                await bot.Connector.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// How far each process's CPU per click stood from the round's mean, over the rounds: the offset that turning the
    /// ways among the processes takes out of the ratios (every way ran as often on each).
    /// </summary>
    private static void PrintOffsets(List<Round>[] runs, int turn)
    {
        var rounds = runs[0].Count;
        var offsets = new double[turn];
        for (var i = 0; i < rounds; i++)
        {
            var mean = GeometricMean(runs.Select(r => r[i].BotCpuMsEach));
            foreach (var way in runs)
                offsets[way[i].Process] += Math.Log(way[i].BotCpuMsEach / mean) / rounds;
        }
        Console.WriteLine("  each bot's CPU per click against the round's mean, over the rounds: " +
            string.Join(", ", offsets.Select((o, p) => $"bot {p + 1} {(Math.Exp(o) - 1) * 100:+0.0;-0.0} %")));
    }

    private static double GeometricMean(IEnumerable<double> values)
        => Math.Exp(values.Select(v => Math.Log(v)).Average());

    /// <summary>A way by its key; the n-th of a list, named apart from an earlier one with the same key.</summary>
    private static Way WayOf(string key, int n)
        => All.FirstOrDefault(w => w.Key == key) is { } way
            ? n == 0 ? way : way with { Name = $"{way.Name} #{n + 1}" }
            : throw new ArgumentException($"Unknown way '{key}': off, on, db or sampled.", nameof(key));

    private static double Median<T>(IReadOnlyList<T> runs, Func<T, double> value)
    {
        var sorted = runs.Select(value).Order().ToArray();
        return sorted.Length % 2 == 1
            ? sorted[sorted.Length / 2]
            : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>
    /// One round: every way clicked at once, each at <paramref name="rate"/>, over the same seconds, way w on process
    /// (w + round) mod n; each bot's CPU is read once all have settled, before and after.
    /// </summary>
    private static async Task<Round[]> OneRoundAsync(
        List<Bot> bots, Way[] ways, int round, HttpClient http, int clients, int first, int count,
        Func<Uri, int, string> click, double? rate)
    {
        var on = ways.Select((_, w) => (w + round) % bots.Count).ToArray();
        await Task.WhenAll(ways.Select((way, w) => bots[on[w]].Process.UseAsync(way.Key)));
        var cpu = await Task.WhenAll(on.Select(p => Measure.SettledCpuAsync(() => bots[p].Process.Cpu)));
        var allocated = await Task.WhenAll(on.Select(p => bots[p].Process.StatsAsync()));
        var loads = await Task.WhenAll(on.Select(p => LoadAsync(
            http, bots[p].Process.Url, bots[p].Token, clients, first, count,
            i => click(bots[p].Connector.ServiceUrl, i), Acknowledged, rate)));
        var cpuAfter = await Task.WhenAll(on.Select(p => Measure.SettledCpuAsync(() => bots[p].Process.Cpu)));
        var allocatedAfter = await Task.WhenAll(on.Select(p => bots[p].Process.StatsAsync()));
        var rounds = new Round[ways.Length];
        for (var w = 0; w < ways.Length; w++)
        {
            if (loads[w].Succeeded != count)
                throw new InvalidOperationException($"{count - loads[w].Succeeded} clicks were not decided.");
            rounds[w] = new Round(
                on[w],
                loads[w],
                (cpuAfter[w] - cpu[w]).TotalMilliseconds / count,
                (allocatedAfter[w].Allocated - allocated[w].Allocated) / 1024.0 / count,
                allocatedAfter[w].Compiled - allocated[w].Compiled);
        }
        return rounds;
    }

    /// <summary>A way by its key (<c>off</c>, <c>on</c>, <c>db</c>, <c>sampled</c>), for the bot's process.</summary>
    public static Way Telemetry(string key) => All.Single(w => w.Key == key);
}
