extern alias host;
using System.Diagnostics;
using DeliveryBot.TestKit;
using host::DeliveryBot.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace DeliveryBot.Bench;

/// <summary>
/// What traces and metrics cost a click: the same clicks against the bot with telemetry off (nothing listens) and on
/// in three ways: as an operator gets it by setting only the OTLP endpoint (every trace kept, one span per save), the
/// same with a span per database statement (<c>Telemetry:DatabaseSpans</c>), and with the standard head sampler
/// keeping one trace in ten (<c>OTEL_TRACES_SAMPLER=parentbased_traceidratio</c>, <c>OTEL_TRACES_SAMPLER_ARG=0.1</c>).
/// Spans are batched and the instruments collected at the SDK's default interval, as with an OTLP endpoint, but
/// exported to nowhere so the network is not measured. Each way is a bot in a process of its own
/// (<see cref="BotServerProcess"/>), all four on the same core and clicked at the same steady rate at the same time, so
/// the CPU counted is the bot's alone, not the clients' beside it, and whatever else the machine does in those seconds
/// (a neighbour, a noisy host) weighs on the four alike: each way's CPU per click is set against the off bot's of the
/// same round. (Taking the ways in turn left a ±10 % spread between rounds, twice the cost to be measured.) A first
/// round, not counted, warms every path up. The figures are medians over the rounds.
/// </summary>
internal static partial class ClicksBench
{
    private sealed record Way(string Key, string Name, bool Traced, bool DatabaseSpans, double? Ratio);

    private static readonly Way[] All =
    [
        new("off", "off", Traced: false, DatabaseSpans: false, Ratio: null),
        new("on", "on", Traced: true, DatabaseSpans: false, Ratio: null),
        new("db", "on + db spans", Traced: true, DatabaseSpans: true, Ratio: null),
        new("sampled", "on, 1 in 10", Traced: true, DatabaseSpans: false, Ratio: 0.1),
    ];

    /// <summary>A way's bot, the Teams it sends to, and the token its clients' activities carry.</summary>
    private sealed record Bot(BotServerProcess Process, TeamsLimitsConnector Connector, string Token);

    /// <summary>One round of one way: the bot's CPU and allocation per click, and the load's figures.</summary>
    private sealed record Round(Run Load, double BotCpuMsEach, double BotKbEach);

    /// <summary>
    /// Off and on in three ways, at once; or, with <paramref name="only"/>, the ways listed (comma-separated, the
    /// first the one the others are set against): one alone to attach a profiler to, or the same one several times
    /// to see how far apart identical bots come out (<c>off,off,off,off</c>).
    /// The clients click each bot <paramref name="rate"/> times a second (0: each click as soon as the last is
    /// answered).
    /// </summary>
    public static async Task TracingCostAsync(int clients, int clicks, int rounds, string? only, double rate)
    {
        var ways = only is null ? All : [.. only.Split(',').Select((key, i) => WayOf(key.Trim(), i))];
        await using var keys = await TestSigningKeys.StartAsync();
        var warmup = Math.Max(clients * 10, clicks);
        var deliveries = warmup + rounds * clicks;
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
            $"{clicks:N0} gate clicks per bot per round, {rounds} rounds of {ways.Length} bots at once " +
            $"(after {warmup:N0} each to warm up), each way a bot process of its own " +
            $"{where}, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        var bots = new Dictionary<Way, Bot>();
        try
        {
            // each bot with a Teams of its own: one connector's limits shared by four bots would refuse what each
            // alone may send, and the retries would count in some rounds and not others
            foreach (var way in ways)
            {
                var connector = await TeamsLimitsConnector.StartAsync(TimeSpan.Zero);
                bots[way] = new Bot(
                    await BotServerProcess.StartAsync(
                        way.Key, keys.MetadataUrl, connector.ServiceUrl, deliveries, clients, botCore),
                    connector,
                    keys.Token(connector.ServiceUrl.ToString()));
            }
            using var http = new HttpClient(new SocketsHttpHandler
            {
                MaxConnectionsPerServer = clients,
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            });
            var version = Scenario.Opened().Planned().Delivery.Version;
            string Click(Uri teams, int i) => Invoke(teams, i, i % clients, version);
            // each bot has a store of its own, seeded alike: each decides the same deliveries in the same round
            await OneRoundAsync(bots, http, clients, 0, warmup, Click, paced);
            if (ways.Any(w => w.Traced) && (await bots[ways.First(w => w.Traced)].Process.StatsAsync()).Exported == 0)
                throw new InvalidOperationException("Tracing was on, but nothing was exported.");
            var runs = ways.ToDictionary(w => w, _ => new List<Round>());
            for (var round = 0; round < rounds; round++)
            {
                var results = await OneRoundAsync(
                    bots, http, clients, warmup + round * clicks, clicks, Click, paced);
                foreach (var (way, run) in results)
                {
                    runs[way].Add(run);
                    Console.WriteLine(
                        $"  round {round + 1} {way.Name,-14}: {run.Load.Throughput:F0} clicks/s, " +
                        $"p99 {run.Load.P(99):F1} ms, bot CPU {run.BotCpuMsEach:F3} ms, " +
                        $"{run.BotKbEach:F1} KB per click");
                }
            }
            // what the bots sent behind their answers: a 429 would mean a send done twice in some round's figure
            foreach (var (way, bot) in bots)
                Console.WriteLine($"{way.Name}'s connector took {bot.Connector.Accepted:N0} messages, " +
                    $"updated {bot.Connector.Updated:N0}, opened {bot.Connector.Opened:N0} chats, " +
                    $"refused {bot.Connector.Refused:N0} calls");
            Console.WriteLine($"{"measure",-44} {"value",12} {"unit",-6} {"target",-16} {"ratio",-8}");
            foreach (var way in ways)
            {
                Measure.Row($"{way.Name}: bot CPU per click", Median(runs[way], r => r.BotCpuMsEach), "ms");
                Measure.Row($"{way.Name}: bot allocated per click", Median(runs[way], r => r.BotKbEach), "KB");
                Measure.Row($"{way.Name}: throughput", Median(runs[way], r => r.Load.Throughput), "/s");
                Measure.Row($"{way.Name}: p99", Median(runs[way], r => r.Load.P(99)), "ms");
            }
            if (ways.Length == 1) return;
            var (basis, off) = (ways[0].Name, runs[ways[0]]);
            foreach (var way in ways.Skip(1))
            {
                // each round's figure against the first way's of the same round (the same seconds on the same core),
                // then the median of those; and the spread, to judge how far the median can be trusted
                var ratios = runs[way].Select((r, i) => r.BotCpuMsEach / off[i].BotCpuMsEach).Order().ToList();
                var each = string.Join(", ", ratios.Select(r => $"{r:F3}"));
                Console.WriteLine($"  {way.Name} / {basis} by round: {each}");
                Measure.Row($"bot CPU per click, {way.Name} / {basis}", Median(ratios, r => r), "", atMost: 1.05);
            }
        }
        finally
        {
            foreach (var bot in bots.Values)
            {
                await bot.Process.DisposeAsync();
                await bot.Connector.DisposeAsync();
            }
        }
    }

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
    /// One round: every way clicked at once, each at <paramref name="rate"/>, over the same seconds; each bot's CPU is
    /// read once all have settled, before and after.
    /// </summary>
    private static async Task<Dictionary<Way, Round>> OneRoundAsync(
        Dictionary<Way, Bot> bots, HttpClient http, int clients, int first, int count,
        Func<Uri, int, string> click, double? rate)
    {
        var ways = bots.Keys.ToArray();
        var cpu = await Task.WhenAll(ways.Select(w => Measure.SettledCpuAsync(() => bots[w].Process.Cpu)));
        var allocated = await Task.WhenAll(ways.Select(w => bots[w].Process.StatsAsync()));
        var loads = await Task.WhenAll(ways.Select(w => LoadAsync(
            http, bots[w].Process.Url, bots[w].Token, clients, first, count,
            i => click(bots[w].Connector.ServiceUrl, i), Acknowledged, rate)));
        var cpuAfter = await Task.WhenAll(ways.Select(w => Measure.SettledCpuAsync(() => bots[w].Process.Cpu)));
        var allocatedAfter = await Task.WhenAll(ways.Select(w => bots[w].Process.StatsAsync()));
        var rounds = new Dictionary<Way, Round>();
        for (var i = 0; i < ways.Length; i++)
        {
            if (loads[i].Succeeded != count)
                throw new InvalidOperationException($"{count - loads[i].Succeeded} clicks were not decided.");
            rounds[ways[i]] = new Round(
                loads[i],
                (cpuAfter[i] - cpu[i]).TotalMilliseconds / count,
                (allocatedAfter[i].Allocated - allocated[i].Allocated) / 1024.0 / count);
        }
        return rounds;
    }

    /// <summary>
    /// The telemetry of one way (<c>off</c>, <c>on</c>, <c>db</c> or <c>sampled</c>): the settings the bot is given
    /// and its exporters, for <see cref="BotServerProcess"/>.
    /// </summary>
    public static Counted Telemetry(string key)
    {
        var way = All.Single(w => w.Key == key);
        var settings = new Dictionary<string, string>();
        if (way.DatabaseSpans) settings[TelemetrySetup.DatabaseSpansSetting] = "true";
        if (way.Ratio is { } ratio)
        {
            // read by the OpenTelemetry SDK itself, as from the environment
            settings["OTEL_TRACES_SAMPLER"] = "parentbased_traceidratio";
            settings["OTEL_TRACES_SAMPLER_ARG"] = ratio.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return new Counted(way.Traced, way.DatabaseSpans, settings);
    }

    /// <summary>The bot's telemetry wired as the host does it, exported in batches to a counter.</summary>
    internal sealed class Counted(bool traced, bool databaseSpans, IReadOnlyDictionary<string, string> settings)
    {
        private long _exported;

        public long Exported => Interlocked.Read(ref _exported);

        public IReadOnlyDictionary<string, string> Settings => settings;

        public void AddTo(IServiceCollection services)
        {
            if (!traced) return;
            services.AddOpenTelemetry()
                .WithTracing(t => TelemetrySetup.Traces(t, databaseSpans)
                    .AddProcessor(new BatchActivityExportProcessor(new Nowhere<Activity>(this))))
                // collected at the SDK's default interval (60 s, OTEL_METRIC_EXPORT_INTERVAL), as an operator's are
                .WithMetrics(m => TelemetrySetup.Metrics(m)
                    .AddReader(new PeriodicExportingMetricReader(new Nowhere<Metric>(this))));
        }

        private sealed class Nowhere<T>(Counted counted) : BaseExporter<T> where T : class
        {
            public override ExportResult Export(in Batch<T> batch)
            {
                Interlocked.Add(ref counted._exported, batch.Count);
                return ExportResult.Success;
            }
        }
    }
}
