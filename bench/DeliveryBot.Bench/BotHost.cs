extern alias host;
using DeliveryBot.Teams.Connector;
using DeliveryBot.TestKit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DeliveryBot.Bench;

/// <summary>
/// The bot exactly as Program.cs builds it, in Production, with its own app id; only the app token it would fetch
/// from Entra is given.
/// </summary>
internal sealed class BotHost(string directory, Uri metadata) : WebApplicationFactory<host::Program>
{
    /// <summary>
    /// What the records the bot keeps parsed may weigh, when not all of them (megabytes: Storage:RecordCacheMegabytes).
    /// </summary>
    public const string RecordCacheSetting = "DELIVERYBOT_BENCH_RECORD_CACHE_MB";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:DeliveryBot", $"Data Source={Path.Combine(directory, "clicks.db")}");
        builder.UseSetting("MicrosoftAppId", TestSigningKeys.AppId);
        builder.UseSetting("MicrosoftAppPassword", "bench");
        builder.UseSetting("Bot:OpenIdMetadataUrl", metadata.ToString());
        // the seeded deliveries are all overdue: a sweep would nudge them all during the run
        builder.UseSetting("Reminders:Enabled", "false");
        // every seeded delivery kept parsed (a bench seeds some 30,000 of ~10 KB), as a bot keeps the records it saved
        // lately (see ClicksBench.SeedAsync); DELIVERYBOT_BENCH_RECORD_CACHE_MB=1 makes each click load one not kept
        builder.UseSetting(
            "Storage:RecordCacheMegabytes", Environment.GetEnvironmentVariable(RecordCacheSetting) ?? "4096");
        // in Teams a DM has written to the bot long before their deliveries' gates are clicked; the seeding records no
        // such chat, so without this the DM's notes would wait as cards to a stranger after the tenth of the day
        builder.UseSetting("Bot:FirstContactCardsPerDay", "1000000");
        builder.ConfigureLogging(logging => logging.ClearProviders()); // the figures are the bot's, not a console's
        builder.ConfigureTestServices(services => services.AddSingleton<IAppTokenProvider>(new StaticAppToken()));
    }
}

internal sealed class StaticAppToken : IAppTokenProvider
{
    public Task<string?> GetTokenAsync(CancellationToken ct) => Task.FromResult<string?>("bench-app-token");
}
