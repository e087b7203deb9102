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
/// exported to nowhere so the network is not measured. Rounds cycle through the four, each on a fresh host and fresh
/// deliveries, so a machine that drifts (another process, the disk cache, the JIT) weighs on all alike (every other
/// round in reverse order); two first rounds, not counted, warm every path up. The figures are medians over the
/// rounds.
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

    /// <summary>
    /// Off and on in three ways, in turn; or, with <paramref name="only"/>, one way alone (to attach a profiler to).
    /// </summary>
    public static async Task TracingCostAsync(int clients, int clicks, int rounds, string? only = null)
    {
        var ways = only is null
            ? All
            : All.Where(w => w.Key == only).ToArray() is [_] one
                ? one
                : throw new ArgumentException($"Unknown way '{only}': off, on, db or sampled.", nameof(only));
        await using var keys = await TestSigningKeys.StartAsync();
        await using var connector = await TeamsLimitsConnector.StartAsync(TimeSpan.Zero);
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_DELIVERYBOT", HostProjectFolder());
        Console.WriteLine(
            $"DeliveryBot tracing cost: {clients} concurrent clients, {clicks:N0} gate clicks per round, " +
            $"{rounds} rounds of each of {ways.Length}, {Environment.ProcessorCount} cores, " +
            $".NET {Environment.Version}");
        // warms up every path, traced and not; not counted
        foreach (var way in only is null ? [All[2], All[0]] : ways)
            await OneRoundAsync(keys, connector, clients, clicks, way);
        var runs = ways.ToDictionary(w => w, _ => new List<Run>());
        for (var round = 0; round < rounds; round++)
            // every other round in reverse (off, on, …, then …, on, off): a machine that speeds up or slows down
            // through the run favours no way over another
            foreach (var way in round % 2 == 0 ? ways : ways.Reverse())
            {
                var run = await OneRoundAsync(keys, connector, clients, clicks, way);
                runs[way].Add(run);
                Console.WriteLine(
                    $"  round {round + 1} {way.Name,-14}: {run.Throughput:F0} clicks/s, p99 {run.P(99):F1} ms, " +
                    $"CPU {run.CpuMsEach:F3} ms, {run.KbEach:F1} KB per click");
            }
        Console.WriteLine($"{"measure",-44} {"value",12} {"unit",-6} {"target",-16} {"ratio",-8}");
        foreach (var way in ways)
        {
            Measure.Row($"{way.Name}: CPU per click (with client)", Median(runs[way], r => r.CpuMsEach), "ms");
            Measure.Row($"{way.Name}: allocated per click", Median(runs[way], r => r.KbEach), "KB");
            Measure.Row($"{way.Name}: throughput", Median(runs[way], r => r.Throughput), "/s");
            Measure.Row($"{way.Name}: p99", Median(runs[way], r => r.P(99)), "ms");
        }
        if (only is not null) return;
        var off = runs[All[0]];
        foreach (var way in ways.Skip(1))
        {
            // each round's figure against the off figure of the same round, then the median of those
            var ratios = runs[way].Select((r, i) => r.CpuMsEach / off[i].CpuMsEach).ToList();
            Measure.Row($"CPU per click, {way.Name} / off", Median(ratios, r => r), "", atMost: 1.05);
        }
    }

    private static double Median<T>(IReadOnlyList<T> runs, Func<T, double> value)
    {
        var sorted = runs.Select(value).Order().ToArray();
        return sorted.Length % 2 == 1
            ? sorted[sorted.Length / 2]
            : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static async Task<Run> OneRoundAsync(
        TestSigningKeys keys, TeamsLimitsConnector connector, int clients, int clicks, Way way)
    {
        var directory = Directory.CreateTempSubdirectory("deliverybot-tracing-").FullName;
        var warmup = Math.Max(clients * 5, clicks / 10);
        var spans = new Counted();
        var settings = new Dictionary<string, string>();
        if (way.DatabaseSpans) settings[TelemetrySetup.DatabaseSpansSetting] = "true";
        if (way.Ratio is { } ratio)
        {
            // read by the OpenTelemetry SDK itself, as from the environment
            settings["OTEL_TRACES_SAMPLER"] = "parentbased_traceidratio";
            settings["OTEL_TRACES_SAMPLER_ARG"] = ratio.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        await using (var bot = new BotHost(
            directory, keys.MetadataUrl, way.Traced ? s => spans.AddTo(s, way.DatabaseSpans) : null, settings))
        {
            bot.UseKestrel(0);
            bot.StartServer();
            await SeedAsync(bot.Services, connector.ServiceUrl, warmup + clicks, clients);
            var token = keys.Token(connector.ServiceUrl.ToString());
            using var http = new HttpClient(new SocketsHttpHandler
            {
                MaxConnectionsPerServer = clients,
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            });
            var url = new Uri(bot.ClientOptions.BaseAddress, "api/messages");
            var version = Scenario.Opened().Planned().Delivery.Version;
            string Click(int i) => Invoke(connector.ServiceUrl, i, i % clients, version);
            Run run;
            // The clients stand for Teams, which is not the bot: in this one process HttpClient's instrumentation
            // would trace their requests too (a span per click, and a traceparent Teams never sends).
            using (SuppressInstrumentationScope.Begin())
            {
                await LoadAsync(http, url, token, clients, 0, warmup, Click, Acknowledged);
                run = await LoadAsync(http, url, token, clients, warmup, clicks, Click, Acknowledged);
            }
            if (run.Succeeded != clicks)
                throw new InvalidOperationException($"{clicks - run.Succeeded} clicks were not decided.");
            if (way.Traced && spans.Exported == 0)
                throw new InvalidOperationException("Tracing was on, but no span was exported.");
            await bot.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
            return run;
        }
    }

    /// <summary>The bot's telemetry wired as the host does it, exported in batches to a counter.</summary>
    private sealed class Counted
    {
        private long _exported;

        public long Exported => Interlocked.Read(ref _exported);

        public void AddTo(IServiceCollection services, bool databaseSpans)
            => services.AddOpenTelemetry()
                .WithTracing(t => TelemetrySetup.Traces(t, databaseSpans)
                    .AddProcessor(new BatchActivityExportProcessor(new Nowhere<Activity>(this))))
                // collected at the SDK's default interval (60 s, OTEL_METRIC_EXPORT_INTERVAL), as an operator's are
                .WithMetrics(m => TelemetrySetup.Metrics(m)
                    .AddReader(new PeriodicExportingMetricReader(new Nowhere<Metric>(this))));

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
