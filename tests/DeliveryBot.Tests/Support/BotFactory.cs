using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DeliveryBot.Tests.Support;

/// <summary>The bot in-process on its own temporary SQLite file, deleted afterwards.</summary>
public sealed class BotFactory : WebApplicationFactory<Program>
{
    private readonly string _directory = Directory.CreateTempSubdirectory("deliverybot-host-").FullName;

    public string DatabasePath => Path.Combine(_directory, "bot.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
        => builder.UseSetting("ConnectionStrings:DeliveryBot", $"Data Source={DatabasePath}");

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
