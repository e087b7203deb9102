// DeliveryBot benchmarks. Each prints its figures beside the SPEC §9 target and the ratio.
//   dotnet run -c Release --project bench/DeliveryBot.Bench -- storage [records]
//   dotnet run -c Release --project bench/DeliveryBot.Bench -- sends [tenants] [Teams' answer time, ms]
//   dotnet run -c Release --project bench/DeliveryBot.Bench -- clicks [clients] [clicks]
//   dotnet run -c Release --project bench/DeliveryBot.Bench -- metrics [records]
//     (issue 21: `metrics` at 100,000 records in one organisation, 1,000 weekly digests in one pass)
//   dotnet run -c Release --project bench/DeliveryBot.Bench -- tracing [clients] [clicks] [rounds] [ways|all] [rate]
//     (the clicks with telemetry off and on in three ways, at once, on as many bot processes, the ways turning among
//     them each round: the CPU tracing and metrics add to a click; ways = the ones to run, comma-separated (off, on,
//     db, sampled), e.g. `on` alone to profile it or `off,off` to see the bench's own spread; rounds are taken up to
//     whole turns; rate = clicks a second to each bot, 0 for as fast as answered)
//   dotnet run -c Release --project bench/DeliveryBot.Bench -- peers [clients] [clicks] [rounds]
//     (issue 24: the same gate click on DeliveryBot and on Microsoft's Bot Framework SDK and 365 Agents SDK, each a
//     server process of its own, in alternating rounds, and the Agents SDK doing the bot's whole job on the click too;
//     the SDK sides are in bench/peers, installed with npm ci)
//   dotnet run -c Release --project bench/DeliveryBot.Bench -- litedb [records] [kills per engine] [writes per process]
//     (LiteDB 5.0.21 against the SQLite store: no SPEC target, the ratio is LiteDB / SQLite)
//   dotnet run -c Release --project bench/DeliveryBot.Bench -- survivors [clicks]
//     (not timed: what a click leaves reachable for the collector to keep and copy, one click at a time, no collection
//     during the clicks; the same run to run, so a change to what a save keeps can be weighed in a minute)
//   dotnet run -c Release --project bench/DeliveryBot.Bench -- weights [copies]
//     (not timed: what a kept record holds on the heap, a record at each stage of the lifecycle, against the weight
//     the record cache's budget, Storage:RecordCacheMegabytes, counts it at)
//   dotnet run -c Release --project bench/DeliveryBot.Bench -- stacks <trace.nettrace> <clicks in it> [rows]
//     (not a bench: where a click allocates, by call stack, from a trace of the bot's allocation samples taken with
//     dotnet-trace while a bench clicks it; docs/performance.md says how)
using System.Globalization;
using DeliveryBot.Bench;

var which = args.FirstOrDefault() ?? "storage";
switch (which)
{
    case "storage":
        await StorageBench.RunAsync(Number(1, 100_000));
        break;
    case "sends":
        await SendsBench.RunAsync(Number(1, 10), TimeSpan.FromMilliseconds(Number(2, 0)));
        break;
    case "clicks":
        await ClicksBench.RunAsync(Number(1, 100), Number(2, 10_000));
        break;
    case "metrics":
        await MetricsBench.RunAsync(Number(1, 100_000));
        break;
    case "tracing":
        await ClicksBench.TracingCostAsync(
            Number(1, 100), Number(2, 2_000), Number(3, 12), args.Length > 4 && args[4] != "all" ? args[4] : null,
            rate: Number(5, 25));
        break;
    case "peers":
        await PeersBench.RunAsync(Number(1, 100), Number(2, 5_000), Number(3, 6));
        break;
    case "litedb":
        await LiteDbBench.RunAsync(Number(1, 20_000), Number(2, 12), Number(3, 200));
        break;
    case "survivors":
        await SurvivorsBench.RunAsync(Number(1, 1_000));
        break;
    case "weights":
        RecordWeightBench.Run(Number(1, 2_000));
        break;
    case "stacks":
        return args.Length < 3
            ? Usage("stacks <trace.nettrace> <clicks in it> [rows]")
            : AllocationStacks.Run(args[1], Math.Max(1, Number(2, 1)), Number(3, 40));
    case BotServerProcess.Command: // hidden: the bot in a process of its own, which the tracing bench starts
        return await BotServerProcess.RunAsync(args);
    case LiteDbWriter.Command: // hidden: the child process the litedb bench starts, and kills
        return await LiteDbWriter.RunAsync(args[1], args[2], Number(3, 0), Number(4, 0));
    default:
        Console.Error.WriteLine(
            $"Unknown benchmark '{which}'. Available: storage, sends, clicks, tracing, metrics, peers, litedb, " +
            "survivors, weights, stacks");
        return 2;
}
return 0;

int Usage(string how)
{
    Console.Error.WriteLine($"Usage: {how}");
    return 2;
}

// The argument at position i as a number, or the bench's default where it is not given.
int Number(int i, int fallback) => args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;
