using System.Diagnostics;
using System.Runtime;
using DeliveryBot.TestKit;

namespace DeliveryBot.Bench;

/// <summary>
/// What a click leaves alive: the bytes the first collection after a run of clicks has to keep (and copy), a click's
/// share of every collection's work. One client clicks in turn with no collection allowed meanwhile; a collection of
/// generation 0 afterwards says how much of what they allocated is still reachable. Not timed: a count, the same run
/// to run, so a change to what a save keeps can be weighed in a minute.
/// </summary>
internal static class SurvivorsBench
{
    public static async Task RunAsync(int clicks)
    {
        var directory = Directory.CreateTempSubdirectory("deliverybot-survivors-").FullName;
        await using var keys = await TestSigningKeys.StartAsync();
        await using var connector = await TeamsLimitsConnector.StartAsync(TimeSpan.Zero);
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_DELIVERYBOT", ClicksBench.HostProjectFolder());
        await using var bot = new BotHost(directory, keys.MetadataUrl);
        bot.UseKestrel(0);
        bot.StartServer();
        const int clients = 10, warmup = 2_000;
        await ClicksBench.SeedAsync(bot.Services, connector.ServiceUrl, warmup + 2 * clicks, clients);
        var token = keys.Token(connector.ServiceUrl.ToString());
        using var http = new HttpClient();
        var url = new Uri(bot.ClientOptions.BaseAddress, "api/messages");
        var version = Scenario.Opened().Planned().Delivery.Version;
        string Click(int i) => ClicksBench.Invoke(connector.ServiceUrl, i, i % clients, version);

        await ClicksBench.LoadAsync(http, url, token, 1, 0, warmup, Click, ClicksBench.Acknowledged);
        await SettledAsync(connector, warmup);
        Console.WriteLine($"DeliveryBot: what {clicks:N0} card clicks, one at a time, leave reachable " +
            $"(after {warmup:N0} to warm up; GC {(GCSettings.IsServerGC ? "server" : "workstation")})");
        for (var run = 0; run < 2; run++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            if (!GC.TryStartNoGCRegion(400L << 20))
                throw new InvalidOperationException("The runtime would not hold off collections for the run.");
            var first = warmup + run * clicks;
            var done = await ClicksBench.LoadAsync(
                http, url, token, 1, first, clicks, Click, ClicksBench.Acknowledged);
            await SettledAsync(connector, first + clicks);
            var made = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            if (GCSettings.LatencyMode != GCLatencyMode.NoGCRegion)
                throw new InvalidOperationException("A collection ran during the clicks: fewer clicks, or more room.");
            GC.EndNoGCRegion();
            var before = GC.CollectionCount(0);
            GC.Collect(0, GCCollectionMode.Forced, blocking: true);
            var info = GC.GetGCMemoryInfo(GCKind.Ephemeral);
            Console.WriteLine($"run {run + 1}: {done.Succeeded:N0} answered; allocated " +
                $"{made / 1024.0 / clicks:F1} KB a click (with the client), survived the collection after: " +
                $"{info.PromotedBytes / 1024.0 / clicks:F2} KB a click " +
                $"({GC.CollectionCount(0) - before} collection, gen {info.Generation})");
        }
    }

    /// <summary>
    /// Waits until the connector has taken every click's status card redraw, so the fan-out is done too.
    /// </summary>
    private static async Task SettledAsync(TeamsLimitsConnector connector, int redraws)
    {
        var waited = Stopwatch.StartNew();
        while (connector.Updated < redraws)
        {
            if (waited.Elapsed > TimeSpan.FromMinutes(2))
                throw new TimeoutException($"{connector.Updated:N0} of {redraws:N0} status cards redrawn after 2 min.");
            await Task.Delay(20);
        }
    }
}
