using System.Text;
using Microsoft.Extensions.DependencyInjection;

namespace DeliveryBot.Teams.Tests.Support;

/// <summary>The usual test set-up: the bot in-process (Development unless settings say otherwise) and a fake
/// connector.</summary>
public abstract class ChannelTest : IAsyncLifetime
{
    protected FakeConnector Connector { get; private set; } = null!;
    protected ChannelFactory Bot { get; private set; } = null!;
    protected HttpClient Http { get; private set; } = null!;

    /// <summary>Settings for the bot under test.</summary>
    protected virtual Dictionary<string, string?> Settings => [];

    /// <summary>Services the test replaces in the bot under test.</summary>
    protected virtual Action<IServiceCollection>? TestServices => null;

    public virtual async Task InitializeAsync()
    {
        Connector = await FakeConnector.StartAsync();
        Bot = new ChannelFactory(Settings) { TestServices = TestServices };
        Http = Bot.CreateClient();
    }

    protected async Task<HttpResponseMessage> PostAsync(string activityJson)
        => await Http.PostAsync(new Uri("/api/messages", UriKind.Relative),
            new StringContent(activityJson, Encoding.UTF8, "application/json"));

    public virtual async Task DisposeAsync()
    {
        Http.Dispose();
        await Bot.DisposeAsync();
        await Connector.DisposeAsync();
    }
}
