using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace DeliveryBot.TestKit;

/// <summary>
/// A real PostgreSQL server for the test run: initdb in a temporary directory, started on a free loopback
/// port with the machine's PostgreSQL binaries, stopped and deleted afterwards. As root it runs as the
/// postgres user (the server refuses root). Each test gets a database of its own.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"deliverybot-pg-{Guid.NewGuid():N}");
    private string _bin = "";
    private int _port;

    public async Task InitializeAsync()
    {
        _bin = FindBinaries();
        _port = FreePort();
        Directory.CreateDirectory(_directory);
        if (IsRoot) await RunAsync("chown", ["postgres:postgres", _directory]);
        await RunPgAsync("initdb", ["-D", Data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
        // The free port can be taken by another process before the server binds it: try another one.
        for (var attempt = 1; ; attempt++, _port = FreePort())
        {
            try
            {
                await RunPgAsync("pg_ctl", ["-D", Data, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "60",
                    "-o", $"-k {_directory} -p {_port} -h 127.0.0.1 -c fsync=on", "start"]);
                return;
            }
            catch (InvalidOperationException) when (attempt < 3) { }
        }
    }

    public async Task DisposeAsync()
    {
        try { await RunPgAsync("pg_ctl", ["-D", Data, "-m", "immediate", "-w", "stop"]); }
        finally { try { Directory.Delete(_directory, recursive: true); } catch (IOException) { } }
    }

    /// <summary>A fresh, empty database and its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"t_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }
        return ConnectionString(name);
    }

    private string ConnectionString(string database)
        => $"Host=127.0.0.1;Port={_port};Username=postgres;Database={database};" +
           "Pooling=true;Maximum Pool Size=40";

    private string Data => Path.Combine(_directory, "data");

    private static bool IsRoot => Environment.UserName == "root";

    private static string FindBinaries()
    {
        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(Directory.Exists)
                .OrderDescending()
            : Enumerable.Empty<string>();
        return candidates.FirstOrDefault()
            ?? throw new InvalidOperationException(
                "PostgreSQL server binaries were not found under /usr/lib/postgresql; ./test.sh installs them.");
    }

    private Task RunPgAsync(string tool, string[] args)
        => IsRoot
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. args])
            : RunAsync(Path.Combine(_bin, tool), args);

    private static async Task RunAsync(string file, string[] args)
    {
        var info = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await stdout} {await stderr}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
