using System.Net;
using DeliveryBot.Tests.Support;

namespace DeliveryBot.Tests.Host;

public sealed class ProcessStartTests
{
    [Fact]
    public async Task The_built_bot_starts_as_a_process_and_answers_healthz()
    {
        await using var bot = await BotProcess.StartAsync();
        using var http = new HttpClient { BaseAddress = bot.Address };

        using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("127.0.0.1", bot.Address.Host);
    }
}
