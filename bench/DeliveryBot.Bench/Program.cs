// DeliveryBot benchmarks. Each prints its figures beside the SPEC §9 target and the ratio.
//   dotnet run -c Release --project bench/DeliveryBot.Bench -- storage [records]
//   dotnet run -c Release --project bench/DeliveryBot.Bench -- sends [tenants] [Teams' answer time, ms]
//   dotnet run -c Release --project bench/DeliveryBot.Bench -- clicks [clients] [clicks]
//   dotnet run -c Release --project bench/DeliveryBot.Bench -- metrics [records]
//     (issue 21: `metrics` at 100,000 records in one organisation, 1,000 weekly digests in one pass)
//   dotnet run -c Release --project bench/DeliveryBot.Bench -- tracing [clients] [clicks] [rounds] [only|all] [rate]
//     (the clicks with telemetry off and on in three ways, in turn, each a bot process of its own: the CPU tracing
//     and metrics add to a click; only = off, on, db or sampled runs that way alone, to profile it; rate = clicks a
//     second in all, 0 for as fast as answered)
//   dotnet run -c Release --project bench/DeliveryBot.Bench -- peers [clients] [clicks] [rounds]
//     (issue 24: the same gate click on DeliveryBot and on Microsoft's Bot Framework SDK and 365 Agents SDK, each a
//     server process of its own, in alternating rounds; the SDK sides are in bench/peers, installed with npm ci)
//   dotnet run -c Release --project bench/DeliveryBot.Bench -- litedb [records] [kills per engine] [writes per process]
//     (LiteDB 5.0.21 against the SQLite store: no SPEC target, the ratio is LiteDB / SQLite)
using DeliveryBot.Bench;

var which = args.FirstOrDefault() ?? "storage";
switch (which)
{
    case "storage":
        await StorageBench.RunAsync(
            args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000);
        break;
    case "sends":
        await SendsBench.RunAsync(
            args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10,
            TimeSpan.FromMilliseconds(
                args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 0));
        break;
    case "clicks":
        await ClicksBench.RunAsync(
            args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100,
            args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10_000);
        break;
    case "metrics":
        await MetricsBench.RunAsync(
            args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000);
        break;
    case "tracing":
        await ClicksBench.TracingCostAsync(
            args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100,
            args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5_000,
            args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 4,
            args.Length > 4 && args[4] != "all" ? args[4] : null,
            args.Length > 5 ? double.Parse(args[5], System.Globalization.CultureInfo.InvariantCulture) : 250);
        break;
    case "peers":
        await PeersBench.RunAsync(
            args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100,
            args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5_000,
            args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 6);
        break;
    case "litedb":
        await LiteDbBench.RunAsync(
            args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20_000,
            args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 12,
            args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 200);
        break;
    case BotServerProcess.Command: // hidden: the bot in a process of its own, which the tracing bench starts
        return await BotServerProcess.RunAsync(args);
    case LiteDbWriter.Command: // hidden: the child process the litedb bench starts, and kills
        return await LiteDbWriter.RunAsync(args[1], args[2],
            int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture));
    default:
        Console.Error.WriteLine(
            $"Unknown benchmark '{which}'. Available: storage, sends, clicks, tracing, metrics, peers, litedb");
        return 2;
}
return 0;
