using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Tests.Support;
using DeliveryBot.TestKit;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Tests.Tab;

/// <summary>
/// The bot in-process with the tab, its clock at 26 March 2026 and three deliveries: Contoso's D1 in production with
/// milestones late (production complete moved, with its reason; production start and QA submission past their
/// acceptable delay) and D2 just opened (another architect), and Fabrikam's D1 (the same cast, the same object ids:
/// only the organisation tells them apart). In Teams mode the tab's tokens are validated against
/// a signing key of the test's own (in place of Entra's OpenID metadata), issued as Entra issues them.
/// </summary>
internal sealed class TabBot : IAsyncDisposable
{
    public const string Contoso = "11111111-1111-1111-1111-111111111111";
    public const string Fabrikam = "22222222-2222-2222-2222-222222222222";
    public const string AppId = "99999999-9999-9999-9999-999999999999";
    public const string Host = "bot.contoso.test";

    private TabBot(BotFactory factory, ManualClock clock, RsaSecurityKey? key)
    {
        Factory = factory;
        Clock = clock;
        Key = key;
    }

    /// <summary>D2's Production Line Architect, who has no part in D1.</summary>
    public static readonly Person Piotr = new("oid-piotr", "piotr@contoso.test", "Piotr");

    public BotFactory Factory { get; }
    public ManualClock Clock { get; }
    public RsaSecurityKey? Key { get; }
    public IServiceProvider Services => Factory.Services;

    /// <param name="teams">Teams sign-in (an app id, the test's signing key); else the Development picker.</param>
    /// <param name="beforeStart">Lets a test put the bot on Kestrel before it starts.</param>
    /// <param name="settings">More settings, if any.</param>
    /// <param name="services">Services replaced or added after the bot's own, if any.</param>
    public static async Task<TabBot> StartAsync(
        bool teams, Action<BotFactory>? beforeStart = null, IReadOnlyDictionary<string, string>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        var d1 = Scenario.Opened().ToProduction();
        d1.Clock.Advance(TimeSpan.FromDays(10)); // 12 March: production start (9 March) is late
        d1.Ok(Dana, new RescheduleMilestone(Milestone.ProductionComplete, new DateOnly(2026, 3, 25),
            "The supplier's sample invoices arrived a week late"));
        d1.Clock.Advance(TimeSpan.FromDays(14)); // 26 March
        var d2 = Scenario.Opened();
        var fabrikam = Scenario.Opened();
        var clock = d1.Clock;

        var key = teams ? new RsaSecurityKey(RSA.Create(2048)) { KeyId = "test-key" } : null;
        var all = new Dictionary<string, string> { ["Reminders:Enabled"] = "false" };
        if (teams)
        {
            all["Tab:ClientId"] = AppId;
            all["Tab:HostName"] = Host;
            all["Bot:AllowedTenants:0"] = Contoso;
            all["Bot:AllowedTenants:1"] = Fabrikam;
        }
        foreach (var (name, value) in settings ?? new Dictionary<string, string>()) all[name] = value;
        var factory = new BotFactory(all, registered =>
        {
            registered.AddSingleton<TimeProvider>(clock);
            services?.Invoke(registered);
            if (key is not null)
                registered.PostConfigure<JwtBearerOptions>("TeamsTab", bearer =>
                {
                    // in place of Entra's metadata: the test's key is the one tokens are signed with
                    var configuration = new OpenIdConnectConfiguration();
                    configuration.SigningKeys.Add(key);
                    bearer.Configuration = configuration;
                    bearer.ConfigurationManager =
                        new StaticConfigurationManager<OpenIdConnectConfiguration>(configuration);
                });
        });
        beforeStart?.Invoke(factory);
        var bot = new TabBot(factory, clock, key);
        await bot.Services.GetRequiredService<IDeliveryStore>().ImportAsync(
            [
                Delivery.Restore(d1.Delivery.State with { TenantId = Contoso }),
                // another architect: Pablo has no part in D2
                Delivery.Restore(d2.Delivery.WithHolder(Role.ProductionLineArchitect, Piotr).State with
                {
                    TenantId = Contoso, Id = "D2", Client = "Northwind",
                }),
                Delivery.Restore(fabrikam.Delivery.State with { TenantId = Fabrikam, Client = "Fabrikam Inc" }),
            ],
            clock.GetUtcNow());
        return bot;
    }

    /// <summary>A token as Teams single sign-on gets it from Entra ID, for the person in the organisation.</summary>
    public string Token(
        string tenant, string objectId, string name = "Reader", string? audience = null, string? issuer = null,
        TimeSpan? expiresIn = null, SecurityKey? signedWith = null)
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        var expires = now + (expiresIn ?? TimeSpan.FromHours(1));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? $"https://login.microsoftonline.com/{tenant}/v2.0",
            Audience = audience ?? AppId,
            IssuedAt = expires.AddHours(-2),
            NotBefore = expires.AddHours(-2),
            Expires = expires,
            Subject = new ClaimsIdentity(
            [
                new Claim("tid", tenant), new Claim("oid", objectId), new Claim("name", name),
                new Claim("preferred_username", $"{name.ToLowerInvariant()}@contoso.test"),
            ]),
            SigningCredentials = new SigningCredentials(signedWith ?? Key, SecurityAlgorithms.RsaSha256),
        });
    }

    public HttpClient Client(string? token = null)
    {
        var client = Factory.CreateClient();
        if (token is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public ValueTask DisposeAsync() => Factory.DisposeAsync();
}
