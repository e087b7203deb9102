namespace DeliveryBot.Bench;

/// <summary>
/// The hidden child of the litedb bench: <c>litedb-writer &lt;engine&gt; &lt;file&gt; &lt;first&gt; &lt;count&gt;</c>
/// inserts records numbered from <c>first</c>, each in its own commit, and prints "ACK n" only after that commit
/// returned, so every ACK the parent saw is a write the store promised to keep. Count 0 writes until killed. It
/// does not catch anything: a store that throws ends the process with a non-zero exit, which the parent reports.
/// </summary>
internal static class LiteDbWriter
{
    public const string Command = "litedb-writer";

    public static async Task<int> RunAsync(string engine, string path, int first, int count)
    {
        var records = new BenchRecords(first);
        using var store = await BenchEngine.OpenAsync(engine, path);
        // Console.Out flushes every line: an ACK is on the pipe before the next write begins.
        Console.Out.WriteLine("READY");
        for (var number = first; count == 0 || number < first + count; number++)
        {
            await store.InsertAsync(records.Make(number));
            Console.Out.WriteLine($"ACK {number}");
        }
        Console.Out.WriteLine("DONE");
        return 0;
    }
}
