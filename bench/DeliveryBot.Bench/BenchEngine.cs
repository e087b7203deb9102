namespace DeliveryBot.Bench;

/// <summary>
/// The stores the litedb bench compares, by the name a child process is given on its command line. LiteDB's Shared
/// mode takes a cross-process mutex and reopens the file for every call; Direct mode keeps the file open.
/// </summary>
internal static class BenchEngine
{
    public const string Direct = "litedb-direct";
    public const string Shared = "litedb-shared";
    public const string Sqlite = "sqlite";

    public static readonly string[] All = [Direct, Shared, Sqlite];

    public static async Task<IBenchStore> OpenAsync(string engine, string path) => engine switch
    {
        Direct => new LiteDbStore(path, shared: false),
        Shared => new LiteDbStore(path, shared: true),
        Sqlite => await SqliteBenchStore.OpenAsync(path),
        _ => throw new ArgumentException($"Unknown engine '{engine}'.", nameof(engine)),
    };

    /// <summary>A new file for <paramref name="engine"/> in <paramref name="directory"/>.</summary>
    public static string FileFor(string engine, string directory, string purpose)
        => Path.Combine(directory, $"{purpose}-{engine}.{(engine == Sqlite ? "db" : "litedb")}");
}
