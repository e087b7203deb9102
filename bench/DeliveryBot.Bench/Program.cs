// DeliveryBot benchmarks. Each prints its figures beside the SPEC §9 target and the ratio.
//   dotnet run -c Release --project bench/DeliveryBot.Bench -- storage [records]
using DeliveryBot.Bench;

var which = args.FirstOrDefault() ?? "storage";
switch (which)
{
    case "storage":
        await StorageBench.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000);
        break;
    default:
        Console.Error.WriteLine($"Unknown benchmark '{which}'. Available: storage");
        return 2;
}
return 0;
