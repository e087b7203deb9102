using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using DeliveryBot.TestKit;
using Microsoft.Data.Sqlite;

namespace DeliveryBot.Bench;

/// <summary>
/// Issue 24's comparison: the same gate click (the clicks bench's activity, the same token, the same 950-byte decided
/// card in the answer) against DeliveryBot and against the same click written idiomatically on Microsoft's two SDKs
/// (bench/peers: botbuilder 4.23.3 and @microsoft/agents-hosting 1.8.1, each on its MemoryStorage and on a durable
/// SQLite storage). Each side is a server process of its own; one generator (this process, the clicks bench's
/// closed-loop clients) drives them in rounds whose order alternates, and reads each side's CPU off its process.
/// Authentication is on everywhere: a side that takes a forged token fails the bench before anything is measured.
/// Two more sides do the rest of DeliveryBot's job on the Agents SDK (bench/peers/same-job.js: a record of a
/// delivery's size with its audit trail, the status card redrawn in place behind the answer), so the figures say what
/// the SDK costs doing the same work, not only the same click.
/// </summary>
internal static class PeersBench
{
    /// <param name="Compiled">Methods the side's JIT has compiled so far, where it can say (DeliveryBot).</param>
    /// <param name="Redraws">Whether it redraws the delivery's status card behind each click's answer.</param>
    private sealed record Side(
        string Name, string Short, string Storage, Uri Url, Func<TimeSpan> Cpu, Func<Task<long>>? Compiled = null,
        bool Redraws = false);

    /// <param name="Compiled">Methods compiled during the round: above a few, the round measured code still
    /// being tiered up (a longer warm-up is needed for a steady figure).</param>
    /// <param name="Redrawn">Status card updates the connector took during the round and the settling after it.</param>
    private sealed record Round(
        double Throughput, double P99, double CpuMsEach, int Answered, int Sent, long? Compiled, int Redrawn);

    public static async Task RunAsync(int clients, int clicks, int rounds)
    {
        var root = Path.GetFullPath(Path.Combine(ClicksBench.HostProjectFolder(), "..", ".."));
        var peers = Path.Combine(root, "bench", "peers");
        await InstallAsync(peers);
        // Tiered JIT on one side, V8 on the others. DeliveryBot's JIT was still compiling hundreds of methods a round
        // after 1,000 clicks (the round lines say how many), so every side now gets a round's worth, or 50 per client.
        var warmup = Math.Max(clients * 50, clicks);
        var directory = Directory.CreateTempSubdirectory("deliverybot-peers-").FullName;
        await using var keys = await TestSigningKeys.StartAsync();
        await using var connector = await TeamsLimitsConnector.StartAsync(TimeSpan.Zero);

        Console.WriteLine(
            $"Peers benchmark: {clients} closed-loop clients, {rounds} rounds of {clicks:N0} gate clicks per side " +
            $"(after {warmup:N0} to warm up, and turns of {clients * 20:N0} until DeliveryBot's JIT settles), " +
            "sides alternating, JWT validated everywhere, " +
            $"{Environment.ProcessorCount} cores, .NET {Environment.Version}, Node {NodeVersion()}");
        // Every side gets the same clicks: warm-up i < warmup, the further turns, then the rounds'. The bot needs
        // those deliveries in its store, and so do the same-job SDK sides (they seed them as they start); the plain SDK
        // sides keep a state object per delivery and start empty.
        var turn = clients * 20;
        var seeded = warmup + (MaxWarmUps * turn) + (rounds * clicks);
        var seeding = Stopwatch.StartNew();
        await using var bot = await BotServerProcess.StartAsync(
            "off", keys.MetadataUrl, connector.ServiceUrl, seeded, clients);
        Console.WriteLine($"DeliveryBot seeded {seeded:N0} deliveries in {seeding.Elapsed.TotalSeconds:F1} s");
        var durable = "SQLite, synced commits";
        var inMemory = "its MemoryStorage (not durable)";
        await using var botbuilder = await NodeSideProcess.StartAsync(
            peers, "botbuilder-side.js", keys.MetadataUrl, null);
        await using var botbuilderSqlite = await NodeSideProcess.StartAsync(
            peers, "botbuilder-side.js", keys.MetadataUrl, Path.Combine(directory, "botbuilder.db"));
        await using var agents = await NodeSideProcess.StartAsync(peers, "agents-side.js", keys.MetadataUrl, null);
        await using var agentsSqlite = await NodeSideProcess.StartAsync(
            peers, "agents-side.js", keys.MetadataUrl, Path.Combine(directory, "agents.db"));
        string[] sameJob = ["--job", "same", "--records", $"{seeded}", "--people", $"{clients}"];
        await using var agentsJob = await NodeSideProcess.StartAsync(
            peers, "agents-side.js", keys.MetadataUrl, null, sameJob);
        await using var agentsJobSqlite = await NodeSideProcess.StartAsync(
            peers, "agents-side.js", keys.MetadataUrl, Path.Combine(directory, "agents-job.db"), sameJob);
        Side[] sides =
        [
            new("DeliveryBot (main)", "bot", durable, bot.Url, () => bot.Cpu,
                async () => (await bot.StatsAsync()).Compiled, Redraws: true),
            new("Bot Framework SDK (botbuilder 4.23.3)", "botbuilder", inMemory, botbuilder.Url, () => botbuilder.Cpu),
            new("the same, on SQLite", "botbuilder+SQLite", durable, botbuilderSqlite.Url, () => botbuilderSqlite.Cpu),
            new("Agents SDK (@microsoft/agents-hosting 1.8.1)", "Agents SDK", inMemory, agents.Url, () => agents.Cpu),
            new("the same, on SQLite", "Agents SDK+SQLite", durable, agentsSqlite.Url, () => agentsSqlite.Cpu),
            new("Agents SDK doing the same job (same-job.js)", "Agents SDK job", inMemory, agentsJob.Url,
                () => agentsJob.Cpu, Redraws: true),
            new("the same, on SQLite", "Agents SDK job+SQLite", durable, agentsJobSqlite.Url, () => agentsJobSqlite.Cpu,
                Redraws: true),
        ];

        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = clients,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        });
        var version = Scenario.Opened().Planned().Delivery.Version;
        string Click(int i) => ClicksBench.Invoke(connector.ServiceUrl, i, i % clients, version);
        var token = keys.Token(connector.ServiceUrl.ToString());
        foreach (var side in sides)
            await RefusesForgedTokensAsync(http, side, keys, Click(seeded), connector.ServiceUrl);

        foreach (var side in sides)
            await ClicksBench.LoadAsync(http, side.Url, token, clients, 0, warmup, Click, ClicksBench.Acknowledged);
        // DeliveryBot's tiered JIT can still compile hundreds of methods a round after that: it gets further turns
        // until one compiles fewer than 50 methods, and every other side as many turns, on the same deliveries.
        var (turns, compiled) = await Measure.WarmUpAsync(
            async () => (await bot.StatsAsync()).Compiled,
            t => ClicksBench.LoadAsync(
                http, bot.Url, token, clients, warmup + t * turn, turn, Click, ClicksBench.Acknowledged),
            MaxWarmUps);
        foreach (var side in sides.Skip(1))
            for (var t = 0; t < turns; t++)
                await ClicksBench.LoadAsync(
                    http, side.Url, token, clients, warmup + t * turn, turn, Click, ClicksBench.Acknowledged);
        Console.WriteLine($"every side warmed up with {warmup + turns * turn:N0} clicks; DeliveryBot compiled " +
            $"{compiled:N0} methods in the last {turn:N0}");
        var start = warmup + turns * turn;
        var measured = sides.ToDictionary(s => s, _ => new List<Round>());
        for (var r = 0; r < rounds; r++)
        {
            var first = start + r * clicks;
            foreach (var side in r % 2 == 0 ? sides : Enumerable.Reverse(sides))
                measured[side].Add(await RoundAsync(http, side, token, clients, first, clicks, Click,
                    () => connector.Updated));
            Console.WriteLine($"round {r + 1}/{rounds}: " +
                string.Join(", ", sides.Select(s => $"{s.Short} {Told(measured[s][^1])}")));
        }
        Report(sides, measured);
        Console.WriteLine($"The fan-out of the sides that redraw: the connector took {connector.Accepted:N0} " +
            $"messages, updated {connector.Updated:N0}, opened {connector.Opened:N0} chats, refused " +
            $"{connector.Refused:N0} calls; status card updates during the rounds: " +
            string.Join(", ", sides.Where(s => s.Redraws)
                .Select(s => $"{s.Short} {measured[s].Sum(r => r.Redrawn):N0} of {measured[s].Sum(r => r.Sent):N0}")));
        if (sides.FirstOrDefault(s => s.Redraws && measured[s].Sum(r => r.Redrawn) < measured[s].Sum(r => r.Sent)) is
            { } behind)
            throw new InvalidOperationException(
                $"{behind.Name} did not redraw a status card for every click by the end of its rounds.");
        var clicked = start + rounds * clicks;
        foreach (var file in new[] { "botbuilder.db", "agents.db", "agents-job.db" })
            Console.WriteLine($"{file}: {Acknowledgements(Path.Combine(directory, file), clicked):N0} " +
                $"acknowledgements committed, of {clicked:N0} clicks");
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    /// <summary>
    /// Closed-loop clicks against one side; its CPU is read before and after, once its process has settled (work it
    /// does behind the answers, such as DeliveryBot's card refresh and DM, is its click's cost too).
    /// </summary>
    private static async Task<Round> RoundAsync(HttpClient http, Side side, string token, int clients, int first,
        int count, Func<int, string> click, Func<int> updated)
    {
        var compiledBefore = side.Compiled is null ? (long?)null : await side.Compiled(); // asked outside the CPU read
        var before = await Measure.SettledCpuAsync(side.Cpu);
        var updatedBefore = updated();
        var run = await ClicksBench.LoadAsync(http, side.Url, token, clients, first, count, click,
            ClicksBench.Acknowledged);
        var after = await Measure.SettledCpuAsync(side.Cpu);
        var compiled = side.Compiled is null ? null : await side.Compiled() - compiledBefore;
        return new Round(run.Throughput, run.P(99), (after - before).TotalMilliseconds / count, run.Succeeded, count,
            compiled, updated() - updatedBefore);
    }

    /// <summary>
    /// A token signed by a key the metadata does not publish must get 401, and one whose claims were altered after
    /// signing (a published key id, a signature that no longer matches) must not be answered: else the bench stops.
    /// Two tokens Teams would never send for this activity are tried too, and what each side makes of them printed:
    /// one signed by a key endorsed only for another channel, one naming another service in its serviceurl claim.
    /// The click they carry is outside the run's (<paramref name="activity"/>), so one taken changes no measured one.
    /// </summary>
    private static async Task RefusesForgedTokensAsync(HttpClient http, Side side, TestSigningKeys keys,
        string activity, Uri serviceUrl)
    {
        var real = keys.Token(serviceUrl.ToString()).Split('.');
        var claims = Encoding.UTF8.GetString(Convert.FromBase64String(Padded(real[1])))
            .Replace("\"exp\":", "\"exp\":9", StringComparison.Ordinal);
        var altered = $"{real[0]}.{Convert.ToBase64String(Encoding.UTF8.GetBytes(claims)).TrimEnd('=')
            .Replace('+', '-').Replace('/', '_')}.{real[2]}";
        var forged = await StatusAsync(http, side.Url, keys.Token(serviceUrl.ToString(), unknownKey: true), activity);
        var tampered = await StatusAsync(http, side.Url, altered, activity);
        var otherChannel = await StatusAsync(http, side.Url,
            keys.Token(serviceUrl.ToString(), otherChannelKey: true), activity);
        var otherService = await StatusAsync(http, side.Url, keys.Token("https://elsewhere.invalid/"), activity);
        Console.WriteLine($"{side.Short}: forged token {Said(forged)}, altered token {Said(tampered)}; " +
            $"key of another channel {Said(otherChannel)}, serviceurl of another service {Said(otherService)}");
        if (forged != HttpStatusCode.Unauthorized || IsTaken(tampered))
            throw new InvalidOperationException($"{side.Name} took a token it should have refused.");
    }

    /// <summary>
    /// A round's figures in the progress line: throughput, CPU per click, and what the JIT still compiled.
    /// </summary>
    private static string Told(Round round)
        => string.Create(CultureInfo.InvariantCulture, $"{round.Throughput:0}/s {round.CpuMsEach:0.00} ms") +
            (round.Compiled is { } compiled ? $" ({compiled} methods compiled)" : "");

    private static bool IsTaken(HttpStatusCode status) => (int)status is >= 200 and < 300;

    private static string Said(HttpStatusCode status) => IsTaken(status) ? $"{(int)status} (taken)" : $"{(int)status}";

    private static string Padded(string base64Url)
    {
        var s = base64Url.Replace('-', '+').Replace('_', '/');
        return s.PadRight(s.Length + (4 - s.Length % 4) % 4, '=');
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, Uri url, string token, string activity)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(activity, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private static void Report(Side[] sides, Dictionary<Side, List<Round>> measured)
    {
        var medians = sides.ToDictionary(s => s, s => (
            Throughput: Median(measured[s].Select(r => r.Throughput)),
            P99: Median(measured[s].Select(r => r.P99)),
            Cpu: Median(measured[s].Select(r => r.CpuMsEach)),
            Answered: measured[s].Sum(r => r.Answered),
            Sent: measured[s].Sum(r => r.Sent)));
        Console.WriteLine();
        Console.WriteLine("| side | clicks/s (median of rounds) | p99 | CPU per click (server) | storage | answered |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var side in sides)
        {
            var m = medians[side];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {side.Name} | {m.Throughput:0} | {m.P99:0} ms | {m.Cpu:0.00} ms | {side.Storage} | " +
                $"{m.Answered}/{m.Sent} |"));
        }
        Console.WriteLine();
        var bot = medians[sides[0]];
        var sdks = sides.Skip(1).ToArray();
        Console.WriteLine($"{"measure",-44} {"value",12} {"unit",-6} {"target",-16} {"ratio",-8}");
        foreach (var side in sdks)
            Measure.Row($"bot CPU/click ÷ {side.Short}", bot.Cpu / medians[side].Cpu, "",
                atMost: side == sides[3] ? 0.5 : null);
        var fastest = sdks.MaxBy(s => medians[s].Throughput)!;
        var quickest = sdks.MinBy(s => medians[s].P99)!;
        Measure.Row($"bot clicks/s ÷ best SDK side's ({fastest.Short})",
            bot.Throughput / medians[fastest].Throughput, "", atLeast: 2);
        Measure.Row($"bot p99 ÷ best SDK side's ({quickest.Short})", bot.P99 / medians[quickest].P99, "", atMost: 0.5);
        if (medians.Values.Any(m => m.Answered < m.Sent))
            throw new InvalidOperationException("A side left clicks unanswered or answered them wrongly (see above).");
    }

    /// <summary>Further warm-up turns at most: the bot is measured after them, however much it compiles.</summary>
    private const int MaxWarmUps = 5;

    /// <summary>The SQLite storage's acknowledged deliveries among the run's (D1 to D<paramref name="run"/>).</summary>
    private static long Acknowledgements(string database, int run)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText =
            "SELECT count(*) FROM items " +
            "WHERE key LIKE 'deliveries/%' AND json_extract(doc, '$.acknowledgedBy') IS NOT NULL " +
            "AND CAST(substr(json_extract(doc, '$.deliveryId'), 2) AS INTEGER) <= $run";
        count.Parameters.AddWithValue("$run", run);
        return (long)count.ExecuteScalar()!;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1
            ? sorted[sorted.Length / 2]
            : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>
    /// The sides' packages, pinned in bench/peers/package-lock.json, installed when missing or older than the lock
    /// (as ./test.sh does for tests/node).
    /// </summary>
    private static async Task InstallAsync(string peers)
    {
        var installed = Path.Combine(peers, "node_modules", ".package-lock.json");
        var pinned = Path.Combine(peers, "package-lock.json");
        if (File.Exists(installed) && File.GetLastWriteTimeUtc(installed) >= File.GetLastWriteTimeUtc(pinned))
            return;
        Console.WriteLine("Installing the SDK sides' packages (npm ci in bench/peers)...");
        using var npm = Process.Start(new ProcessStartInfo("npm",
            ["ci", "--prefix", peers, "--no-audit", "--no-fund", "--loglevel=error"]))!;
        await npm.WaitForExitAsync();
        if (npm.ExitCode != 0) throw new InvalidOperationException($"npm ci in {peers} failed ({npm.ExitCode}).");
    }

    private static string NodeVersion()
    {
        using var node = Process.Start(new ProcessStartInfo("node", ["--version"]) { RedirectStandardOutput = true })!;
        var version = node.StandardOutput.ReadToEnd().Trim();
        node.WaitForExit();
        return version;
    }
}
