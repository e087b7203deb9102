using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Record;
using DeliveryBot.Storage.Json;
using DeliveryBot.Storage.Sql;

namespace DeliveryBot.Bench;

/// <summary>
/// What a kept record weighs: copies of each lifecycle template, each loaded as the store loads one (its document
/// parsed, its audit rows read) and used once (what it owes worked out, as a command or a save does), held until a full
/// collection says how much of the heap they keep alive, beside the weight the record cache puts on them
/// (<see cref="RecordCache.Weight"/>). Not timed: the cache's budget in bytes is only as good as that estimate.
/// </summary>
internal static class RecordWeightBench
{
    public static void Run(int copies)
    {
        Console.WriteLine($"What a kept record weighs: {copies:N0} loaded copies of each template, held");
        Console.WriteLine("| template | document | audit entries | held per record | the cache's estimate | ratio |");
        Console.WriteLine("|---|---|---|---|---|---|");
        var random = new Random(7);
        var templates = StorageBench.Templates();
        var documents = templates.Select(t => DeliveryJson.SerializeForBinding(t, block: 1)).ToArray();
        // a first turn unshown: until the runtime has settled, some templates came out up to 90 % low
        for (var t = 0; t < templates.Length; t++) Held(templates[t], documents[t], copies, random);
        for (var t = 0; t < templates.Length; t++)
        {
            var (template, document) = (templates[t], documents[t]);
            var perRecord = Held(template, document, copies, random);
            var estimate = RecordCache.Weight(template, document.Length);
            var delivery = Delivery.Restore(template);
            Console.WriteLine($"| {delivery.CurrentStage}, {delivery.Status} | {document.Length:N0} B | " +
                $"{template.Audit.Count} | {perRecord / 1024:F1} KB | {estimate / 1024.0:F1} KB | " +
                $"{estimate / perRecord:F2} |");
        }
    }

    /// <summary>The bytes a full collection finds held, per copy, by <paramref name="copies"/> loaded copies.</summary>
    private static double Held(DeliveryState template, byte[] document, int copies, Random random)
    {
        var held = new DeliveryState[copies];
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < copies; i++)
        {
            held[i] = DeliveryJson.Deserialize(document) with
            {
                Id = $"D{i}",
                Stakeholders =
                    [.. template.Stakeholders.Select(s => s with { Person = StorageBench.PersonFrom(random) })],
                Audit = [.. template.Audit.Select(Copy)],
            };
            _ = DeliveryIndex.Of(Delivery.Restore(held[i]), DateTimeOffset.UtcNow);
        }
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(held);
        return (after - before) / (double)copies;
    }

    // a row read back: every string its own copy, as the reader makes them
    private static AuditEntry Copy(AuditEntry e) => e with
    {
        CommandId = new string(e.CommandId.AsSpan()),
        Source = new string(e.Source.AsSpan()),
        Action = new string(e.Action.AsSpan()),
        Summary = new string(e.Summary.AsSpan()),
    };
}
