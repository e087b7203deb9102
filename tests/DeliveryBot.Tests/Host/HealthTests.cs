using System.Net;
using System.Text.Json;
using DeliveryBot.Tests.Support;

namespace DeliveryBot.Tests.Host;

public sealed class HealthTests(BotFactory factory) : IClassFixture<BotFactory>
{
    [Fact]
    public async Task Healthz_answers_healthy_with_the_scheduler_s_servers_and_next_pass()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", health.RootElement.GetProperty("status").GetString());
        var scheduler = health.RootElement.GetProperty("checks").GetProperty("scheduler");
        Assert.Equal("Healthy", scheduler.GetProperty("status").GetString());
        Assert.StartsWith("next reminder pass in ", scheduler.GetProperty("description").GetString()!
            .Split("; ")[1], StringComparison.Ordinal);
        Assert.NotEmpty(scheduler.GetProperty("data").GetProperty("nextReminderPass").GetString()!);
    }

    [Fact]
    public async Task An_unknown_path_is_not_found()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/nothing-here", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
