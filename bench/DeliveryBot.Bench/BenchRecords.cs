using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Record;

namespace DeliveryBot.Bench;

/// <summary>
/// Delivery records as StorageBench makes them (every lifecycle stage, stakeholders from a pool), spread over a few
/// tenants so `list` has something to filter. A record's number alone decides its key, so a child process and the
/// parent that checks its acknowledgements agree on it.
/// </summary>
internal sealed class BenchRecords(int seed)
{
    public const int Tenants = 10;

    private readonly DeliveryState[] _templates = StorageBench.Templates();
    private readonly Random _random = new(seed);

    public static string Tenant(int i) => $"tenant-{i % Tenants:00}";

    public static string KeyOf(int number) => DeliveryKey.Of(Tenant(number), $"D{number}");

    public Delivery Make(int number)
    {
        var template = _templates[number % _templates.Length];
        var id = $"D{number}";
        return Delivery.Restore(template with
        {
            Id = id,
            TenantId = Tenant(number),
            Stakeholders = [.. template.Stakeholders.Select(s => s with { Person = StorageBench.PersonFrom(_random) })],
            Audit = [.. template.Audit.Select(e => e with { CommandId = $"{Tenant(number)}-{id}-{e.CommandId}" })],
        });
    }

    public List<Delivery> Make(int first, int count)
        => [.. Enumerable.Range(first, count).Select(number => Make(number))];
}
