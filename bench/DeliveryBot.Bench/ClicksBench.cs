extern alias host;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.People;
using DeliveryBot.TestKit;
using Microsoft.Extensions.DependencyInjection;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;

namespace DeliveryBot.Bench;

/// <summary>
/// SPEC §9 card-click target: 100 clients click gate cards at once, each click an <c>adaptiveCard/action</c> invoke
/// with a Bot Connector JWT, against the real host (Program.cs, Kestrel on loopback, JWT validation on with the signing
/// keys served locally and cached, SQLite with synchronous=FULL, the scheduler running). Each click acknowledges a gate
/// on its own delivery, so every one is a durably committed decision, and its answer is checked. In the same run the
/// same clients send the same activities to a bare ASP.NET Core endpoint that only parses the activity and validates
/// the token (<see cref="BareEndpoint"/>): the ratio of the two throughputs is the bot's overhead.
/// </summary>
internal static partial class ClicksBench
{
    /// <summary>
    /// The organisation of the person clicking: one each, so the fan-out of their clicks (the status card redrawn, the
    /// DM told) goes out as it is decided. In one organisation it would queue behind Teams' 30 messages a second per
    /// app and organisation (which the bot keeps to) and be sent long after the run, its cost in no round's figure.
    /// </summary>
    internal static string TenantOf(int person) => $"tenant-bench-{person}";

    public static async Task RunAsync(int clients, int clicks)
    {
        var warmup = Math.Max(clients * 5, clicks / 10);
        var directory = Directory.CreateTempSubdirectory("deliverybot-clicks-").FullName;
        await using var keys = await TestSigningKeys.StartAsync();
        await using var connector = await TeamsLimitsConnector.StartAsync(TimeSpan.Zero);
        await using var bare = await BareEndpoint.StartAsync(keys.MetadataUrl, TestSigningKeys.AppId);
        // The host's content root is its project folder (its appsettings.json), as when it runs with dotnet run.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_DELIVERYBOT", HostProjectFolder());
        await using var bot = new BotHost(directory, keys.MetadataUrl);
        bot.UseKestrel(0);
        bot.StartServer();

        Console.WriteLine(
            $"DeliveryBot card-click benchmark: {clients} concurrent clients, {clicks:N0} gate clicks " +
            $"(after turns of {warmup:N0} to warm up, until the JIT has settled), " +
            "JWT validated (RS256, keys cached), SQLite (synchronous=FULL), " +
            $"{Environment.ProcessorCount} cores, .NET {Environment.Version}");
        // Each run clicks fresh deliveries: warm-ups, the bare endpoint's share (it ignores them), the bot, the paced
        // bot.
        int bareFrom = warmup * (1 + MaxWarmUps),
            botFrom = bareFrom + clicks,
            pacedFrom = botFrom + clicks,
            deliveries = pacedFrom + clicks / 2;
        var seeding = Stopwatch.StartNew();
        await SeedAsync(bot.Services, connector.ServiceUrl, deliveries, clients);
        Console.WriteLine($"seeded {deliveries:N0} deliveries in {seeding.Elapsed.TotalSeconds:F1} s");

        var token = keys.Token(connector.ServiceUrl.ToString());
        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = clients,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        });
        var botUrl = new Uri(bot.ClientOptions.BaseAddress, "api/messages");
        var version = Scenario.Opened().Planned().Delivery.Version;
        string Click(int i) => Invoke(connector.ServiceUrl, i, i % clients, version);

        // Warm both up (JIT, connection pools, key cache), then measure the bare endpoint and the bot on fresh
        // deliveries.
        await LoadAsync(http, bare.Url, token, clients, 0, warmup, Click, BareEndpoint.Accepts);
        var (turns, compiled) = await Measure.WarmUpAsync(
            () => Task.FromResult(System.Runtime.JitInfo.GetCompiledMethodCount()),
            t => LoadAsync(http, botUrl, token, clients, warmup * (1 + t), warmup, Click, Acknowledged),
            MaxWarmUps);
        Console.WriteLine($"bot warmed up with {turns * warmup:N0} clicks: {compiled:N0} methods compiled in the last "
            + $"{warmup:N0}");
        var baseline = await LoadAsync(http, bare.Url, token, clients, bareFrom, clicks, Click, BareEndpoint.Accepts);
        var compiledBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
        var measured = await LoadAsync(http, botUrl, token, clients, botFrom, clicks, Click, Acknowledged);
        var compiledDuring = System.Runtime.JitInfo.GetCompiledMethodCount() - compiledBefore;
        // The same clients again, each clicking at a steady pace that adds up to half what the bot just sustained: the
        // latency of a click when the bot is busy but not saturated.
        var halfLoad = measured.Throughput / 2;
        var paced = await LoadAsync(http, botUrl, token, clients, pacedFrom, clicks / 2, Click, Acknowledged, halfLoad);

        var decided = await DecidedAsync(bot.Services, botFrom, clicks, clients);
        Console.WriteLine($"{"measure",-44} {"value",12} {"unit",-6} {"target",-16} {"ratio",-8}");
        Measure.Row("bare endpoint: throughput", baseline.Throughput, "/s");
        Measure.Row("bare endpoint: p99", baseline.P(99), "ms");
        Measure.Row("bare endpoint: CPU per request (with client)", baseline.CpuMsEach, "ms");
        Measure.Row("bare endpoint: allocated per request (with client)", baseline.KbEach, "KB");
        Measure.Row("bot: clicks answered with the decided card", measured.Succeeded, "", atLeast: clicks);
        Measure.Row("bot: decisions found committed afterwards", decided, "", atLeast: clicks);
        Measure.Row("bot: p50", measured.P(50), "ms");
        Measure.Row("bot: p99", measured.P(99), "ms", atMost: 25);
        Measure.Row("bot: p99.9", measured.P(99.9), "ms");
        Measure.Row("bot: max", measured.P(100), "ms");
        Measure.Row("bot: throughput", measured.Throughput, "/s");
        Measure.Row("bot: CPU per click (with client)", measured.CpuMsEach, "ms");
        Measure.Row("bot: allocated per click (with client)", measured.KbEach, "KB");
        Measure.Row("bot: methods the JIT compiled during the run", compiledDuring, "");
        Measure.Row("bot: collections (gen 0/1/2), paused", measured.Gc.PausedMs, "ms", note: measured.Gc.Counts);
        Measure.Row("bot throughput / bare throughput", measured.Throughput / baseline.Throughput, "", atLeast: 0.5);
        Measure.Row($"paced at half that ({halfLoad:0}/s): clicks answered", paced.Succeeded, "", atLeast: clicks / 2);
        Measure.Row("paced: p50", paced.P(50), "ms");
        Measure.Row("paced: p99", paced.P(99), "ms");
        Measure.Row("paced: p99.9", paced.P(99.9), "ms");
        Measure.Row("paced: collections (gen 0/1/2), paused", paced.Gc.PausedMs, "ms", note: paced.Gc.Counts);

        await bot.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    internal static string HostProjectFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "src", "DeliveryBot", "appsettings.json")))
                return Path.Combine(dir.FullName, "src", "DeliveryBot");
        throw new InvalidOperationException(
            "Run the bench from the repository (src/DeliveryBot/appsettings.json not found above the bench).");
    }

    /// <summary>Turns of warm-up clicks at most: the bot is measured after them, however much it compiles.</summary>
    private const int MaxWarmUps = 10;

    /// <summary>The collector's work during a run: collections of each generation, and the time it paused.</summary>
    internal sealed record GcDuring(int Gen0, int Gen1, int Gen2, TimeSpan Paused)
    {
        public static GcDuring Start()
            => new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

        public GcDuring End() => new(
            GC.CollectionCount(0) - Gen0, GC.CollectionCount(1) - Gen1, GC.CollectionCount(2) - Gen2,
            GC.GetTotalPauseDuration() - Paused);

        public double PausedMs => Paused.TotalMilliseconds;

        public string Counts => $"{Gen0}/{Gen1}/{Gen2}";
    }

    /// <summary>
    /// A load run: latencies (sorted), wall time, answers as expected, and CPU and memory allocated per request (client
    /// and server: one process).
    /// </summary>
    internal sealed record Run(
        double[] Sorted, double Seconds, int Succeeded, double CpuMsEach, double KbEach, GcDuring Gc)
    {
        public double P(double percentile) => Measure.Percentile(Sorted, percentile);
        public double Throughput => Sorted.Length / Seconds;
    }

    /// <summary>
    /// <paramref name="clients"/> clients, each with one request in flight at a time, take the next click until
    /// <paramref name="count"/> are done; every answer is checked.
    /// </summary>
    internal static async Task<Run> LoadAsync(HttpClient http, Uri url, string token, int clients, int first, int count,
        Func<int, string> activity, Func<string, bool> answered, double? perSecond = null)
    {
        var samples = new double[count];
        var next = -1;
        var succeeded = 0;
        var failures = new ConcurrentBag<string>();
        // What the bot still does behind earlier answers (their cards redrawn) is theirs: it has settled before this
        // run starts, and this run's is counted once it has settled after.
        static TimeSpan Cpu() => Process.GetCurrentProcess().TotalProcessorTime;
        var cpu = await Measure.SettledCpuAsync(Cpu);
        var allocated = GC.GetTotalAllocatedBytes();
        var gc = GcDuring.Start();
        // Paced: client c sends its k-th click at start + (c + k·clients)/rate, whether or not the server kept up, and
        // the latency counts from that moment, so time spent queued behind a slow answer is not hidden.
        var origin = Stopwatch.GetTimestamp();
        long Due(int c, int k) => perSecond is { } rate
            ? origin + (long)((c + (double)k * clients) / rate * Stopwatch.Frequency)
            : 0;
        var run = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            int n;
            for (var k = 0; (n = Interlocked.Increment(ref next)) < count; k++)
            {
                var due = Due(c, k);
                if (due > Stopwatch.GetTimestamp())
                    await Task.Delay(Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due));
                using var request = new HttpRequestMessage(HttpMethod.Post, url)
                {
                    Content = new StringContent(activity(first + n), Encoding.UTF8, "application/json"),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                var start = perSecond is null ? Stopwatch.GetTimestamp() : due;
                using var response = await http.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                samples[n] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (response.IsSuccessStatusCode && answered(body)) Interlocked.Increment(ref succeeded);
                else if (failures.Count < 3)
                    failures.Add($"{(int)response.StatusCode}: {body[..Math.Min(body.Length, 300)]}");
            }
        })));
        run.Stop();
        var cpuUsed = await Measure.SettledCpuAsync(Cpu) - cpu;
        var allocatedEach = (GC.GetTotalAllocatedBytes() - allocated) / 1024.0 / count;
        foreach (var f in failures) Console.WriteLine($"  unexpected answer from {url}: {f}");
        Array.Sort(samples);
        return new Run(
            samples, run.Elapsed.TotalSeconds, succeeded, cpuUsed.TotalMilliseconds / count, allocatedEach, gc.End());
    }

    internal static bool Acknowledged(string body)
        => body.Contains("✅ Schedule acknowledged by", StringComparison.Ordinal);

    /// <summary>
    /// Click i: the PLA of delivery D{i+1}, one of the people clicking, acknowledges its schedule on the gate card, as
    /// Teams sends it.
    /// </summary>
    internal static string Invoke(Uri serviceUrl, int i, int person, long version) => $$$$$"""
        {"type":"invoke","name":"adaptiveCard/action","id":"click-{{{{{i}}}}}","replyToId":"card-{{{{{i}}}}}",
         "channelId":"msteams","serviceUrl":"{{{{{serviceUrl}}}}}",
         "from":{"id":"29:pla-{{{{{person}}}}}","name":"Architect {{{{{person}}}}}",
                 "aadObjectId":"oid-pla-{{{{{person}}}}}"},
         "recipient":{"id":"28:bot","name":"DeliveryBot"},
         "conversation":{"id":"19:deliveries-{{{{{i % 50}}}}}@thread.tacv2","conversationType":"channel",
                         "tenantId":"{{{{{TenantOf(person)}}}}}"},
         "channelData":{"tenant":{"id":"{{{{{TenantOf(person)}}}}}"}},
         "value":{"action":{"type":"Action.Execute","verb":"gate.acknowledge",
                            "data":{"card":"gate","deliveryId":"D{{{{{i + 1}}}}}",
                                    "focus":"{{{{{Checks.ScheduleAcknowledgedByPla.Key}}}}}",
                                    "version":{{{{{version}}}}}}}}}
        """;

    /// <summary>
    /// Deliveries in planning, each with one of <paramref name="people"/> as its PLA owing the schedule acknowledgement
    /// (delivery i's is person i mod people: each client is one person clicking through their gates) and its status
    /// card posted in a channel of the tenant (so each click also redraws a card and tells the DM, behind the answer,
    /// as in Teams). They are saved through the bot's own store (an import), so the bot keeps each record and the
    /// rows it wrote beside it, as it does after the save that sent a gate card: in Teams a card is clicked on a record
    /// the bot saved itself, not on one written behind its back.
    /// </summary>
    internal static async Task SeedAsync(IServiceProvider services, Uri serviceUrl, int count, int people)
    {
        var template = Scenario.Opened().Planned().Delivery.State;
        var store = services.GetRequiredService<IDeliveryStore>();
        var conversations = services.GetRequiredService<IConversationStore>();
        var now = DateTimeOffset.UtcNow;
        for (var start = 0; start < count; start += 2_000)
        {
            var batch = Enumerable.Range(start, Math.Min(2_000, count - start))
                .Select(i => Delivery.Restore(template with
                {
                    Id = $"D{i + 1}",
                    TenantId = TenantOf(i % people), // the clicks come from its organisation, which owns it
                    Stakeholders =
                    [
                        .. template.Stakeholders.Select(s => s.Role == Role.ProductionLineArchitect
                            ? s with
                            {
                                Person = new Person(
                                    $"oid-pla-{i % people}",
                                    $"pla{i % people}@contoso.test",
                                    $"Architect {i % people}"),
                            }
                            : s),
                    ],
                    Audit = [.. template.Audit.Select(e => e with { CommandId = $"D{i + 1}-{e.CommandId}" })],
                }))
                .ToList();
            await store.ImportAsync(batch, now);
        }
        // together, so they commit in groups
        for (var start = 0; start < count; start += 1_000)
            await Task.WhenAll(Enumerable.Range(start, Math.Min(1_000, count - start)).Select(i =>
                conversations.SavePostedCardAsync(new PostedCard(
                    DeliveryId: DeliveryKey.Of(TenantOf(i % people), $"D{i + 1}"),
                    Template: "status",
                    Focus: "",
                    ServiceUrl: serviceUrl.ToString(),
                    ConversationId: $"19:status-D{i + 1}@thread.tacv2",
                    ActivityId: $"status-D{i + 1}",
                    TenantId: TenantOf(i % people),
                    PostedAt: now))));
    }

    internal static async Task<int> DecidedAsync(IServiceProvider services, int first, int count, int people)
    {
        var store = services.GetRequiredService<IDeliveryStore>();
        var decided = 0;
        for (var i = first; i < first + count; i++)
            if ((await store.FindAsync(DeliveryKey.Of(TenantOf(i % people), $"D{i + 1}")))
                ?.DecisionFor(Checks.ScheduleAcknowledgedByPla) is not null)
                decided++;
        return decided;
    }
}
