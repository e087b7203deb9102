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
/// (every span sampled and batched, every instrument collected, as with an OTLP endpoint set, but exported to nowhere
/// so the network is not measured). Rounds alternate off, on, off, on, each on a fresh host and fresh deliveries, so
/// a machine that drifts (another process, the disk cache) weighs on both alike.
/// </summary>
internal static partial class ClicksBench
{
    public static async Task TracingCostAsync(int clients, int clicks, int rounds)
    {
        await using var keys = await TestSigningKeys.StartAsync();
        await using var connector = await TeamsLimitsConnector.StartAsync(TimeSpan.Zero);
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_DELIVERYBOT", HostProjectFolder());
        Console.WriteLine(
            $"DeliveryBot tracing cost: {clients} concurrent clients, {clicks:N0} gate clicks per round, " +
            $"{rounds} rounds each off and on, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        var off = new List<Run>();
        var on = new List<Run>();
        for (var round = 0; round < 2 * rounds; round++)
        {
            var traced = round % 2 == 1;
            var run = await OneRoundAsync(keys, connector, clients, clicks, traced);
            (traced ? on : off).Add(run);
            Console.WriteLine(
                $"  round {round + 1} tracing {(traced ? "on " : "off")}: {run.Throughput:F0} clicks/s, " +
                $"p99 {run.P(99):F1} ms, CPU {run.CpuMsEach:F3} ms, {run.KbEach:F1} KB per click");
        }
        double Cpu(List<Run> runs) => runs.Average(r => r.CpuMsEach);
        Console.WriteLine($"{"measure",-44} {"value",12} {"unit",-6} {"target",-16} {"ratio",-8}");
        Measure.Row("off: CPU per click (with client)", Cpu(off), "ms");
        Measure.Row("on: CPU per click (with client)", Cpu(on), "ms");
        Measure.Row("off: allocated per click", off.Average(r => r.KbEach), "KB");
        Measure.Row("on: allocated per click", on.Average(r => r.KbEach), "KB");
        Measure.Row("off: throughput", off.Average(r => r.Throughput), "/s");
        Measure.Row("on: throughput", on.Average(r => r.Throughput), "/s");
        Measure.Row("off: p99", off.Average(r => r.P(99)), "ms");
        Measure.Row("on: p99", on.Average(r => r.P(99)), "ms");
        Measure.Row("CPU per click, on / off", Cpu(on) / Cpu(off), "", atMost: 1.05);
    }

    private static async Task<Run> OneRoundAsync(
        TestSigningKeys keys, TeamsLimitsConnector connector, int clients, int clicks, bool traced)
    {
        var directory = Directory.CreateTempSubdirectory("deliverybot-tracing-").FullName;
        var warmup = Math.Max(clients * 5, clicks / 10);
        var spans = new Counted();
        await using (var bot = new BotHost(directory, keys.MetadataUrl, traced ? spans.AddTo : null))
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
            await LoadAsync(http, url, token, clients, 0, warmup, Click, Acknowledged);
            var run = await LoadAsync(http, url, token, clients, warmup, clicks, Click, Acknowledged);
            if (run.Succeeded != clicks)
                throw new InvalidOperationException($"{clicks - run.Succeeded} clicks were not decided.");
            if (traced && spans.Exported == 0)
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

        public void AddTo(IServiceCollection services)
            => services.AddOpenTelemetry()
                .WithTracing(t => TelemetrySetup.Traces(t)
                    .AddProcessor(new BatchActivityExportProcessor(new Nowhere<Activity>(this))))
                .WithMetrics(m => TelemetrySetup.Metrics(m)
                    .AddReader(new PeriodicExportingMetricReader(new Nowhere<Metric>(this), 1_000)));

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
