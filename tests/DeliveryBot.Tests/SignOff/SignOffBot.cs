using DeliveryBot.Application.Deliveries;
using DeliveryBot.Application.SignOff;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Tests.Support;
using DeliveryBot.TestKit;
using Microsoft.Extensions.DependencyInjection;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Tests.SignOff;

/// <summary>
/// The bot in-process with sign-off keys and the test's clock, and a delivery D1 in each of two organisations whose
/// handover communication went (Contoso's and Fabrikam's, told apart by their client's name).
/// </summary>
internal sealed class SignOffBot : IAsyncDisposable
{
    public const string Contoso = "tenant-contoso";
    public const string Fabrikam = "tenant-fabrikam";
    public const string Secret = "c2lnbi1vZmYgdGVzdCBrZXkgb2YgdGhpcnR5LXR3byBieXRlcyE=";
    public const string OldSecret = "b2xkIHNpZ24tb2ZmIHRlc3Qga2V5IG9mIHRoaXJ0eS10d28gYnl0ZXM=";

    private SignOffBot(BotFactory factory, ManualClock clock)
    {
        Factory = factory;
        Clock = clock;
    }

    public BotFactory Factory { get; }
    public ManualClock Clock { get; }
    public IServiceProvider Services => Factory.Services;
    public ClientSignOff SignOff => Services.GetRequiredService<ClientSignOff>();

    public static async Task<SignOffBot> StartAsync(
        IReadOnlyDictionary<string, string>? settings = null, Action<BotFactory>? beforeStart = null)
    {
        var contoso = Scenario.Opened().HandoverSent();
        var fabrikam = Scenario.Opened().HandoverSent();
        var clock = contoso.Clock;
        var all = new Dictionary<string, string>
        {
            ["Reminders:Enabled"] = "false",
            ["SignOff:Keys:k2"] = Secret,
            ["SignOff:Keys:k1"] = OldSecret,
            ["SignOff:SigningKey"] = "k2",
            ["SignOff:PublicBaseUrl"] = "https://bot.contoso.test",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) all[key] = value;
        var factory = new BotFactory(all, services => services.AddSingleton<TimeProvider>(clock));
        beforeStart?.Invoke(factory);
        var bot = new SignOffBot(factory, clock);
        await bot.Services.GetRequiredService<IDeliveryStore>().ImportAsync(
            [
                Delivery.Restore(contoso.Delivery.State with { TenantId = Contoso }),
                Delivery.Restore(fabrikam.Delivery.State with { TenantId = Fabrikam, Client = "Fabrikam Inc" }),
            ],
            clock.GetUtcNow());
        return bot;
    }

    public Task<Delivery?> FindAsync(string tenant = Contoso)
        => Services.GetRequiredService<IDeliveryStore>().FindAsync(DeliveryKey.Of(tenant, "D1"));

    /// <summary>Dana issues a link on D1 of the organisation; its page's path.</summary>
    public async Task<string> IssueAsync(string tenant = Contoso)
    {
        var (result, link) = await SignOff.IssueAsync(
            DeliveryKey.Of(tenant, "D1"),
            new ChangeSource($"issue-{Guid.NewGuid():N}", Dana, "test") { TenantId = tenant });
        Assert.True(link is not null, result.Outcome.Message);
        return link.AbsolutePath;
    }

    public Task<DeliveryResult> RunAsync(DeliveryCommand command, Domain.People.Person actor, string tenant = Contoso)
        => Services.GetRequiredService<DeliveryService>().ExecuteAsync(
            DeliveryKey.Of(tenant, "D1"),
            command,
            new ChangeSource($"cmd-{Guid.NewGuid():N}", actor, "test") { TenantId = tenant });

    public ValueTask DisposeAsync() => Factory.DisposeAsync();
}
