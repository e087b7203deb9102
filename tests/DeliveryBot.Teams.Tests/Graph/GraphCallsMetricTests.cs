using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using DeliveryBot.Application.Directory;
using DeliveryBot.Graph;
using DeliveryBot.Teams.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Kiota.Abstractions.Authentication;

namespace DeliveryBot.Teams.Tests.Graph;

/// <summary>
/// Every attempt at a Graph call is counted by what Graph answered (<c>deliverybot.graph.calls</c>), through the real
/// Graph SDK against the fake Graph on loopback: a 429 the SDK waits out and retries is counted as a throttle, though
/// the lookup it was part of succeeds, and a 403 and a 404 each as what they were.
/// </summary>
[Collection(nameof(TelemetryRunsAlone))]
public sealed class GraphCallsMetricTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<(string Result, int? Status)> _counted = new();
    private readonly MeterListener _listener = new();
    private FakeGraph _graph = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _graph = await FakeGraph.StartAsync();
        _graph.Users.Add(new(Id: "oid-quinn", DisplayName: "Quinn Lee", Mail: "quinn@contoso.test",
            Upn: "quinn@contoso.test", TimeZone: "Europe/Berlin"));
        var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System);
        Application.DependencyInjection.AddDeliveryApplication(services);
        services.AddDeliveryGraph(new ConfigurationBuilder().AddInMemoryCollection(_graph.Settings).Build());
        services.AddSingleton<IAccessTokenProvider>(new FakeGraph.StaticToken()); // not login.microsoftonline.com
        _services = services.BuildServiceProvider();

        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument is { Name: "deliverybot.graph.calls", Meter.Name: "DeliveryBot" })
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            string? result = null;
            int? status = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "deliverybot.send.result") result = tag.Value as string;
                if (tag.Key == "http.response.status_code") status = tag.Value as int?;
            }
            _counted.Enqueue((result ?? "", status));
        });
        _listener.Start();
    }

    private int Counted(string result) => _counted.Count(c => c.Result == result);

    [Fact]
    public async Task A_429_the_sdk_retries_a_403_and_a_404_are_each_counted_by_result()
    {
        var directory = _services.GetRequiredService<IPeopleDirectory>();

        _graph.Script(429, retryAfter: "1", body: """{"error":{"code":"TooManyRequests","message":"throttled"}}""");
        var found = await directory.FindAsync(Activities.Tenant, "quinn@contoso.test", CancellationToken.None);
        Assert.Equal(DirectoryOutcome.Found, found.Outcome); // the SDK waited the 429 out
        Assert.Equal(1, Counted("throttled"));
        Assert.Contains(_counted, c => c == ("throttled", 429));
        var sent = Counted("sent");
        Assert.True(sent >= 1, $"{sent} sent");

        _graph.Script(403, body: """{"error":{"code":"Authorization_RequestDenied","message":"Insufficient"}}""");
        var refused = await directory.FindAsync(Activities.Tenant, "pablo@contoso.test", CancellationToken.None);
        Assert.Equal(DirectoryOutcome.Unavailable, refused.Outcome);
        Assert.Equal(1, Counted("forbidden"));

        await directory.FindAsync(Activities.Tenant, "nobody@contoso.test", CancellationToken.None);
        Assert.True(Counted("not_found") >= 1, string.Join(", ", _counted));
        // one count per attempt that reached Graph: the calls the fake took
        Assert.Equal(_graph.Calls.Count, _counted.Count);
    }

    public async Task DisposeAsync()
    {
        _listener.Dispose();
        await _services.DisposeAsync();
        await _graph.DisposeAsync();
    }
}
