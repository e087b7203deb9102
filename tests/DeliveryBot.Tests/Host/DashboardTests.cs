using System.Net;
using System.Security.Claims;
using DeliveryBot.Scheduling.Dashboard;
using DeliveryBot.Tests.Support;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace DeliveryBot.Tests.Host;

/// <summary>
/// Hangfire's dashboard at /hangfire: absent unless turned on, and then open only to the bearer key or a signed-in
/// member of the admin group. Being "local" counts for nothing: every request here comes from the loopback test
/// client, which Hangfire's default filter would let in, and a forwarded-for header naming 127.0.0.1 changes nothing.
/// </summary>
public sealed class DashboardTests
{
    private const string Key = "k3y-for-the-dashboard-0123456789abcdef";
    private const string Group = "6a1f0c1e-0000-4000-8000-00000000ad01";
    private const string Tenant = "00000000-0000-0000-0000-0000000000aa";

    private static readonly (string Name, string Value)[] ProxyHeaders =
        [("X-Forwarded-For", "127.0.0.1"), ("X-Forwarded-Host", "localhost"), ("X-Real-IP", "127.0.0.1")];

    [Fact]
    public async Task The_dashboard_is_not_there_unless_turned_on()
    {
        await using var bot = new BotFactory();
        using var http = bot.CreateClient();

        using var response = await http.GetAsync(new Uri("/hangfire", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task With_the_key_an_operator_sees_the_recurring_passes_without_it_nobody_does()
    {
        await using var bot = new BotFactory(new Dictionary<string, string>
        {
            ["Dashboard:Enabled"] = "true",
            ["Dashboard:BearerKey"] = Key,
        });
        using var http = bot.CreateClient(new() { AllowAutoRedirect = false });

        using (var bare = await GetAsync(http, "/hangfire"))
            Assert.Equal(HttpStatusCode.Unauthorized, bare.StatusCode);
        using (var proxied = await GetAsync(http, "/hangfire", headers: ProxyHeaders))
            Assert.Equal(HttpStatusCode.Unauthorized, proxied.StatusCode);
        using (var wrong = await GetAsync(http, "/hangfire", bearer: Key + "x"))
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);

        using var page = await GetAsync(http, "/hangfire/recurring", bearer: Key);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("DeliveryBot jobs", html, StringComparison.Ordinal);
        Assert.Contains("due-reminders", html, StringComparison.Ordinal);
        Assert.Contains("outbox", html, StringComparison.Ordinal);
        Assert.Contains("outbox-retention", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_only_by_default_an_operator_cannot_trigger_a_pass()
    {
        await using var bot = new BotFactory(new Dictionary<string, string>
        {
            ["Dashboard:Enabled"] = "true",
            ["Dashboard:BearerKey"] = Key,
        });
        using var http = bot.CreateClient(new() { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hangfire/recurring/trigger")
        {
            Content = new FormUrlEncodedContent([new("jobs[]", "due-reminders")]),
        };
        request.Headers.Authorization = new("Bearer", Key);

        using var response = await http.SendAsync(request);

        Assert.False(response.IsSuccessStatusCode, $"the trigger answered {response.StatusCode}");
    }

    [Fact]
    public async Task With_Entra_a_stranger_is_sent_to_sign_in_and_only_the_admin_group_gets_in()
    {
        await using var bot = new BotFactory(
            new Dictionary<string, string>
            {
                ["Dashboard:Enabled"] = "true",
                ["Dashboard:TenantId"] = Tenant,
                ["Dashboard:ClientId"] = "11111111-0000-0000-0000-000000000001",
                ["Dashboard:AdminGroupId"] = Group,
            },
            services => services.PostConfigure<OpenIdConnectOptions>(OperatorDashboard.EntraScheme, oidc =>
            {
                // Entra's metadata as it would be fetched: no network in tests.
                var metadata = new OpenIdConnectConfiguration
                {
                    Issuer = $"https://login.microsoftonline.com/{Tenant}/v2.0",
                    AuthorizationEndpoint = $"https://login.microsoftonline.com/{Tenant}/oauth2/v2.0/authorize",
                };
                oidc.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(metadata);
            }));
        using var http = bot.CreateClient(new() { AllowAutoRedirect = false });

        foreach (var headers in new[] { [], ProxyHeaders })
        {
            using var stranger = await GetAsync(http, "/hangfire", headers: headers);
            Assert.Equal(HttpStatusCode.Redirect, stranger.StatusCode);
            Assert.StartsWith(
                $"https://login.microsoftonline.com/{Tenant}/oauth2/v2.0/authorize?",
                stranger.Headers.Location!.ToString(),
                StringComparison.Ordinal);
        }

        using (var outsider = await GetAsync(http, "/hangfire", cookie: SignedIn(bot, "another-group")))
            Assert.Equal(HttpStatusCode.Forbidden, outsider.StatusCode);
        using var admin = await GetAsync(http, "/hangfire", cookie: SignedIn(bot, Group));
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }

    /// <summary>The dashboard cookie the OpenID Connect sign-in would have issued to a group member.</summary>
    private static string SignedIn(BotFactory bot, string group)
    {
        var options = bot.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>()
            .Get(OperatorDashboard.CookieScheme);
        var identity = new ClaimsIdentity(
            [new Claim("name", "Operator"), new Claim("groups", group)], OperatorDashboard.CookieScheme, "name", null);
        var now = DateTimeOffset.UtcNow;
        var ticket = new AuthenticationTicket(
            new ClaimsPrincipal(identity),
            new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now.AddHours(1) },
            OperatorDashboard.CookieScheme);
        return $"{options.Cookie.Name}={options.TicketDataFormat.Protect(ticket)}";
    }

    private static async Task<HttpResponseMessage> GetAsync(
        HttpClient http,
        string path,
        string? bearer = null,
        string? cookie = null,
        IEnumerable<(string Name, string Value)>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (bearer is not null) request.Headers.Authorization = new("Bearer", bearer);
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        foreach (var (name, value) in headers ?? []) request.Headers.Add(name, value);
        return await http.SendAsync(request);
    }
}
