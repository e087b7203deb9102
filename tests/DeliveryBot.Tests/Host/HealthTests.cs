using System.Net;
using DeliveryBot.Tests.Support;

namespace DeliveryBot.Tests.Host;

public sealed class HealthTests(BotFactory factory) : IClassFixture<BotFactory>
{
    [Fact]
    public async Task Healthz_answers_healthy()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unknown_path_is_not_found()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/nothing-here", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
