using System.Net;
using System.Text.Json;
using DeliveryBot.Tests.Support;

namespace DeliveryBot.Tests.Host;

public sealed class ProcessStartTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("deliverybot-process-").FullName;

    private Dictionary<string, string> Database(string file)
        => new() { ["ConnectionStrings__DeliveryBot"] = $"Data Source={Path.Combine(_directory, file)}" };

    [Fact]
    public async Task The_built_bot_starts_as_a_process_creates_its_database_and_answers_healthz()
    {
        await using var bot = await BotProcess.StartAsync(Database("bot.db"));
        using var http = new HttpClient { BaseAddress = bot.Address };

        using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("127.0.0.1", bot.Address.Host);
        Assert.True(File.Exists(Path.Combine(_directory, "bot.db")));
        // No app id in Development: it runs (for the Agents Playground) and says so loudly.
        Assert.Contains(bot.Output, line => line.Contains("AUTHENTICATION IS OFF", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_corrupt_database_stops_start_up_once_with_the_reason()
    {
        await File.WriteAllTextAsync(Path.Combine(_directory, "broken.db"), new string('x', 10_000));

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => BotProcess.StartAsync(Database("broken.db")));

        Assert.Contains("The bot exited early", e.Message);
        Assert.Contains("Storage cannot be used, so the bot will not start", e.Message);
        Assert.Contains("is not a usable DeliveryBot database", e.Message);
    }

    [Fact]
    public void The_built_bot_runs_on_the_workstation_collector_with_thread_pool_workers_that_do_not_spin()
    {
        // what the runtime reads at start-up, beside the built bot (and copied here with it)
        using var config = JsonDocument.Parse(
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "DeliveryBot.runtimeconfig.json")));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        // short collections, not the server collector's long ones (p99 at saturation, docs/performance.md)
        Assert.False(properties.GetProperty("System.GC.Server").GetBoolean());
        Assert.Equal(
            "0", properties.GetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").GetRawText().Trim('"'));
    }

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
