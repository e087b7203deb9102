using DeliveryBot.Teams.Connector;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DeliveryBot.Teams.Tests.Support;

/// <summary>
/// The bot in-process on a temporary SQLite file, with settings for the test, and an app token that needs no
/// Entra (MSAL would try to reach login.microsoftonline.com).
/// </summary>
public sealed class ChannelFactory(IReadOnlyDictionary<string, string?> settings, string environment = "Development")
    : WebApplicationFactory<Program>
{
    private readonly string _directory = Directory.CreateTempSubdirectory("deliverybot-channel-").FullName;

    /// <summary>The bot's clock, for tests that move time themselves (default: the system clock).</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>Services the test replaces (a token provider for a fake peer, say).</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("ConnectionStrings:DeliveryBot", $"Data Source={Path.Combine(_directory, "bot.db")}");
        // tests that schedule drive the sweep themselves, on their own clock
        builder.UseSetting("Reminders:Enabled", "false");
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IAppTokenProvider>(new StaticToken("test-app-token"));
            if (Clock is not null)
            {
                services.AddSingleton(Clock);
                // The test's clock is business time, moved by hand; pacing and timeouts of calls to Teams are physical
                // time, so they keep the real clock (on a clock that stands still no send window would ever pass).
                services.AddSingleton(sp => new SendRateLimiter(
                    TimeProvider.System, sp.GetRequiredService<IOptions<BotOptions>>().Value.TenantSendsPerSecond));
                services.AddSingleton(sp => ConnectorResilience.Build(
                    sp.GetRequiredService<IOptions<BotOptions>>().Value, TimeProvider.System));
                // and so is the allowance of commands, which keeps a person's answers within those windows
                services.AddSingleton(sp => new Commands.CommandAllowance(
                    sp.GetRequiredService<IOptions<BotOptions>>(), TimeProvider.System));
            }
            TestServices?.Invoke(services);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    private sealed class StaticToken(string token) : IAppTokenProvider
    {
        public Task<string?> GetTokenAsync(CancellationToken ct) => Task.FromResult<string?>(token);
    }
}

/// <summary>Activities as Teams sends them.</summary>
public static class Activities
{
    public const string Tenant = "tenant-contoso";

    public static string Message(
        Uri serviceUrl, string text, string conversationType = "personal", string conversationId = "a:personal-1",
        string tenant = Tenant, string? mentionBotAs = null, string id = "1001", string fromOid = "oid-pablo",
            string fromName = "Pablo")
    {
        var entities = mentionBotAs is null ? "[]"
            : $$$"""[{"type":"mention","mentioned":{"id":"28:bot","name":"DeliveryBot"},"text":"{{{mentionBotAs}}}"}]""";
        return $$$"""
            {"type":"message","id":"{{{id}}}","channelId":"msteams","serviceUrl":"{{{serviceUrl}}}","text":"{{{text}}}","textFormat":"plain",
             "from":{"id":"29:{{{fromOid}}}","name":"{{{fromName}}}","aadObjectId":"{{{fromOid}}}"},
             "recipient":{"id":"28:bot","name":"DeliveryBot"},
             "conversation":{"id":"{{{conversationId}}}","conversationType":"{{{conversationType}}}","tenantId":"{{{tenant}}}"},
             "channelData":{"tenant":{"id":"{{{tenant}}}"}},"entities":{{{entities}}}}
            """;
    }

    /// <summary>Posts an activity to /api/messages as Teams does; the body of the bot's 200 answer.</summary>
    public static async Task<string> PostActivityAsync(this HttpClient http, string activity)
    {
        using var response = await http.PostAsync(
            new Uri("/api/messages", UriKind.Relative),
            new StringContent(activity, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>A click on an Action.Execute button: an adaptiveCard/action invoke.</summary>
    public static string Invoke(Uri serviceUrl, string verb, string dataJson, string fromOid, string fromName,
        string id, string replyToId = "m-card",
        string tenant = Tenant, string conversationId = "a:group-1")
        => $$$$"""
            {"type":"invoke","name":"adaptiveCard/action","id":"{{{{id}}}}","replyToId":"{{{{replyToId}}}}","channelId":"msteams","serviceUrl":"{{{{serviceUrl}}}}",
             "from":{"id":"29:{{{{fromOid}}}}","name":"{{{{fromName}}}}","aadObjectId":"{{{{fromOid}}}}"},
             "recipient":{"id":"28:bot","name":"DeliveryBot"},
             "conversation":{"id":"{{{{conversationId}}}}","conversationType":"groupChat","tenantId":"{{{{tenant}}}}"},
             "channelData":{"tenant":{"id":"{{{{tenant}}}}"}},
             "value":{"action":{"type":"Action.Execute","verb":"{{{{verb}}}}","data":{{{{dataJson}}}}}}}
            """;
}
