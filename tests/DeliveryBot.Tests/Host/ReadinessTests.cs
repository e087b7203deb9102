using System.Net;
using System.Text.Json;
using DeliveryBot.Application.Storage;
using DeliveryBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DeliveryBot.Tests.Host;

/// <summary>
/// /healthz/live says the process answers and nothing more; /healthz/ready says whether to send it work: the store,
/// the job engine, the signing keys, and an outbox that moves. /healthz stays what it was.
/// </summary>
public sealed class ReadinessTests
{
    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }

    private static IEnumerable<string> Checks(JsonElement body)
        => body.GetProperty("checks").EnumerateObject().Select(c => c.Name);

    [Fact]
    public async Task A_started_bot_is_live_and_ready_and_ready_names_what_it_checked()
    {
        await using var bot = new BotFactory();
        using var http = bot.CreateClient();

        var live = await GetAsync(http, "/healthz/live");
        var ready = await GetAsync(http, "/healthz/ready");
        var all = await GetAsync(http, "/healthz");

        Assert.Equal(HttpStatusCode.OK, live.Status);
        Assert.Empty(Checks(live.Body));
        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.Equal("Healthy", ready.Body.GetProperty("status").GetString());
        Assert.Equal(["outbox", "scheduler", "signing-keys", "storage"], Checks(ready.Body).Order());
        Assert.Equal(["scheduler", "signing-keys", "storage"], Checks(all.Body).Order());
    }

    [Fact]
    public async Task An_outbox_message_waiting_longer_than_allowed_makes_the_bot_not_ready_but_still_live()
    {
        await using var bot = new BotFactory(new Dictionary<string, string>
        {
            ["Health:OutboxStuckAfter"] = "00:00:10",
            ["Reminders:Enabled"] = "false", // no drain: the message stays where it is
        });
        using var http = bot.CreateClient();
        await bot.Services.GetRequiredService<IOutbox>().EnqueueAsync(new OutboxMessage(
            "D1:stuck", "D1", "oid-pablo", "reminder", "{}", DateTimeOffset.UtcNow.AddMinutes(-5)));

        var ready = await GetAsync(http, "/healthz/ready");
        var live = await GetAsync(http, "/healthz/live");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
        var outbox = ready.Body.GetProperty("checks").GetProperty("outbox");
        Assert.Equal("Unhealthy", outbox.GetProperty("status").GetString());
        Assert.Equal(1, outbox.GetProperty("data").GetProperty("due").GetInt64());
        Assert.Contains("Health:OutboxStuckAfter", outbox.GetProperty("description").GetString(),
            StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, live.Status);
    }
}
