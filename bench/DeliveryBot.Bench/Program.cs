// DeliveryBot benchmarks. Each prints its figures beside the SPEC §9 target and the ratio.
//   dotnet run -c Release --project bench/DeliveryBot.Bench -- storage [records]
//   dotnet run -c Release --project bench/DeliveryBot.Bench -- sends [tenants] [Teams' answer time, ms]
//   dotnet run -c Release --project bench/DeliveryBot.Bench -- clicks [clients] [clicks]
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
    default:
        Console.Error.WriteLine($"Unknown benchmark '{which}'. Available: storage, sends, clicks");
        return 2;
}
return 0;
