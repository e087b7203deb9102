using System.IO.Compression;
using System.Net;
using System.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using static DeliveryBot.Tests.Tab.TabBot;

namespace DeliveryBot.Tests.Tab;

/// <summary>
/// The tab's API with Teams single sign-on: a token is good only when Entra's key signed it, for this app, issued by
/// the reader's own (allowed) organisation, in its lifetime; what it shows is the reader's own portfolio in that
/// organisation, and another organisation's delivery, or one the reader has no part in, is never shown.
/// </summary>
public sealed class TabApiTests : IAsyncLifetime
{
    private TabBot _bot = null!;

    public async Task InitializeAsync() => _bot = await StartAsync(teams: true);

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Fact]
    public async Task A_stakeholder_sees_the_deliveries_they_hold_a_role_on_what_is_owed_and_what_is_late()
    {
        var portfolio = await GetAsync(_bot.Token(Contoso, "oid-pablo", "Pablo"), "/tab/api/portfolio");

        Assert.Equal("Pablo", portfolio.GetProperty("reader").GetString());
        Assert.False(portfolio.GetProperty("everyDelivery").GetBoolean());
        var d1 = Assert.Single(portfolio.GetProperty("deliveries").EnumerateArray()); // D1 and D2: a role on D1 only
        Assert.Equal("D1", d1.GetProperty("id").GetString());
        Assert.Equal("Contoso Ltd", d1.GetProperty("client").GetString());
        Assert.Equal(3, d1.GetProperty("stageNumber").GetInt32());
        Assert.Equal(["Production Line Architect"], Strings(d1.GetProperty("yourRoles")));
        Assert.Contains(d1.GetProperty("next").EnumerateArray(), n =>
            n.GetProperty("what").GetString() == "Record that production has started"
            && n.GetProperty("who").GetString() == "Pablo (Production Line Architect)");
        var late = d1.GetProperty("late").EnumerateArray().ToList();
        Assert.Equal(["Production start", "Production complete", "QA submitted"],
            late.Select(m => m.GetProperty("title").GetString()));
        Assert.True(late[0].GetProperty("beyondAcceptableDelay").GetBoolean()); // 13 business days past 9 March
        Assert.False(late[1].GetProperty("beyondAcceptableDelay").GetBoolean()); // one past 25 March
        Assert.True(d1.GetProperty("beyondAcceptableDelay").GetBoolean());
    }

    [Fact]
    public async Task The_cto_sees_every_open_delivery_of_their_organisation_and_no_other()
    {
        var portfolio = await GetAsync(_bot.Token(Contoso, "oid-clara", "Clara"), "/tab/api/portfolio");

        Assert.True(portfolio.GetProperty("everyDelivery").GetBoolean());
        // late first
        Assert.Equal(["D1", "D2"], portfolio.GetProperty("deliveries").EnumerateArray()
            .Select(d => d.GetProperty("id").GetString()));
        Assert.Equal(["Contoso Ltd", "Northwind"], portfolio.GetProperty("deliveries").EnumerateArray()
            .Select(d => d.GetProperty("client").GetString()));
    }

    [Fact]
    public async Task The_same_person_in_another_organisation_sees_only_that_organisations_deliveries()
    {
        var token = _bot.Token(Fabrikam, "oid-clara", "Clara");

        var portfolio = await GetAsync(token, "/tab/api/portfolio");
        var only = Assert.Single(portfolio.GetProperty("deliveries").EnumerateArray());
        Assert.Equal("Fabrikam Inc", only.GetProperty("client").GetString());
        // Contoso's D2 is not there for Fabrikam, as an unknown id
        using var client = _bot.Client(token);
        var other = await client.GetAsync("/tab/api/deliveries/D2/timeline");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.DoesNotContain("Northwind", await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var timeline = await GetAsync(token, "/tab/api/deliveries/D1/timeline");
        Assert.Equal("Fabrikam Inc", timeline.GetProperty("client").GetString());
    }

    [Fact]
    public async Task A_delivery_the_reader_has_no_part_in_reads_as_not_there()
    {
        using var client = _bot.Client(_bot.Token(Contoso, "oid-pablo", "Pablo"));

        foreach (var path in new[] { "/tab/api/deliveries/D2/timeline", "/tab/api/deliveries/D9/timeline",
            "/tab/api/deliveries/..%2FD1/timeline", "/tab/api/deliveries/d1/timeline" })
        {
            var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {response.StatusCode}");
            Assert.DoesNotContain("Northwind", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_timeline_shows_each_milestone_against_its_target_with_its_moves_and_todays_line()
    {
        var timeline = await GetAsync(_bot.Token(Contoso, "oid-dana", "Dana"), "/tab/api/deliveries/D1/timeline");

        Assert.Equal("2026-03-26", timeline.GetProperty("today").GetString());
        var milestones = timeline.GetProperty("milestones").EnumerateArray().ToDictionary(
            m => m.GetProperty("key").GetString()!);
        Assert.Equal(9, milestones.Count);
        var complete = milestones["ProductionComplete"];
        Assert.Equal("2026-03-25", complete.GetProperty("target").GetString());
        Assert.Equal("2026-03-09", complete.GetProperty("start").GetString()); // from production start's target
        Assert.Equal("2026-03-27", complete.GetProperty("latestAcceptable").GetString()); // 2 business days
        Assert.Equal("Late", complete.GetProperty("status").GetString());
        var move = Assert.Single(complete.GetProperty("moves").EnumerateArray());
        Assert.Equal(("2026-03-20", "2026-03-25", "The supplier's sample invoices arrived a week late", "Dana"),
            (move.GetProperty("from").GetString(), move.GetProperty("to").GetString(),
                move.GetProperty("reason").GetString(), move.GetProperty("by").GetString()));
        Assert.Equal("Done", milestones["IntakeHandoff"].GetProperty("status").GetString());
        Assert.Equal("Upcoming", milestones["ClientHandover"].GetProperty("status").GetString());
        // the bot's chat with `status D1` typed in; no chat the bot posted D1's card in, so no link to one
        Assert.Equal($"https://teams.microsoft.com/l/chat/0/0?users=28:{AppId}&message=status%20D1",
            timeline.GetProperty("links").GetProperty("bot").GetString());
        Assert.Equal(JsonValueKind.Null, timeline.GetProperty("links").GetProperty("chat").ValueKind);
    }

    [Fact]
    public async Task The_metrics_are_for_people_with_a_role_in_the_organisation_month_by_month()
    {
        var metrics = await GetAsync(_bot.Token(Contoso, "oid-dana", "Dana"), "/tab/api/metrics?zone=Europe/London");

        var months = metrics.GetProperty("months").EnumerateArray().Select(m => m.GetProperty("label").GetString());
        Assert.Equal(["2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03"], months);
        Assert.Equal(10, metrics.GetProperty("targets").GetProperty("deploymentsPerWeek").GetDouble());
        Assert.Equal(0, metrics.GetProperty("incidents").GetProperty("bySeverity").GetProperty("SEV-1").GetInt32());

        using var stranger = _bot.Client(_bot.Token(Contoso, "oid-nobody", "Nobody"));
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync("/tab/api/metrics")).StatusCode);
    }

    public static TheoryData<string> BadTokens => new()
    {
        "forged", "expired", "another app", "issuer of another organisation", "organisation not allowed",
        "not a guid organisation", "unsigned", "garbage",
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_token_that_is_not_good_gets_401_and_nothing_else(string bad)
    {
        var token = bad switch
        {
            "forged" => _bot.Token(Contoso, "oid-clara", signedWith: new RsaSecurityKey(RSA.Create(2048))
                { KeyId = "test-key" }),
            "expired" => _bot.Token(Contoso, "oid-clara", expiresIn: TimeSpan.FromMinutes(-6)),
            "another app" => _bot.Token(Contoso, "oid-clara", audience: "00000000-0000-0000-0000-000000000001"),
            "issuer of another organisation" => _bot.Token(Contoso, "oid-clara",
                issuer: $"https://login.microsoftonline.com/{Fabrikam}/v2.0"),
            "organisation not allowed" => _bot.Token("33333333-3333-3333-3333-333333333333", "oid-clara"),
            "not a guid organisation" => _bot.Token("contoso", "oid-clara",
                issuer: "https://login.microsoftonline.com/contoso/v2.0"),
            "unsigned" => string.Join('.', _bot.Token(Contoso, "oid-clara").Split('.')[..2]) + ".",
            _ => "not-a-token",
        };
        using var client = _bot.Client(token);

        foreach (var path in new[] { "/tab/api/portfolio", "/tab/api/deliveries/D1/timeline", "/tab/api/metrics" })
        {
            var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{bad} on {path}: {response.StatusCode}");
            Assert.Equal("", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task The_app_id_uri_is_an_audience_too_and_no_token_is_401()
    {
        var portfolio = await GetAsync(
            _bot.Token(Contoso, "oid-clara", audience: $"api://{TabBot.Host}/{AppId}"), "/tab/api/portfolio");
        Assert.Equal(2, portfolio.GetProperty("deliveries").GetArrayLength());

        using var anonymous = _bot.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/tab/api/portfolio")).StatusCode);
        // the Development picker is not there when Teams signs people in
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/tab/api/sign-in/people")).StatusCode);
    }

    [Fact]
    public async Task The_page_may_be_framed_by_teams_only_and_loads_nothing_from_elsewhere()
    {
        using var client = _bot.Client();

        foreach (var path in new[] { "/tab", "/tab/config" })
        {
            var page = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var policy = page.Headers.GetValues("Content-Security-Policy").Single();
            Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
            Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
            Assert.Contains("connect-src 'self';", policy, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'self' https://teams.microsoft.com https://*.teams.microsoft.com "
                + "https://*.cloud.microsoft", policy, StringComparison.Ordinal);
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains("data-sign-in=\"teams\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain("http", html.Replace("http-equiv", "", StringComparison.Ordinal),
                StringComparison.Ordinal);
        }
        var script = await client.GetAsync("/tab/tab.js");
        Assert.Equal("text/javascript", script.Content.Headers.ContentType!.MediaType);
        Assert.True(script.Headers.CacheControl!.Public);
        // compressed at build time: the Brotli copy is the same script, a quarter of the size
        using var brotli = new HttpRequestMessage(HttpMethod.Get, "/tab/tab.js");
        brotli.Headers.AcceptEncoding.ParseAdd("gzip, deflate, br");
        var compressed = await client.SendAsync(brotli);
        Assert.Equal(["br"], compressed.Content.Headers.ContentEncoding);
        var plain = await script.Content.ReadAsByteArrayAsync();
        var packed = await compressed.Content.ReadAsByteArrayAsync();
        using var decoded = new MemoryStream();
        using (var decoder = new BrotliStream(new MemoryStream(packed), CompressionMode.Decompress))
            await decoder.CopyToAsync(decoded);
        Assert.Equal(plain, decoded.ToArray());
        Assert.True(packed.Length < plain.Length / 3, $"{packed.Length} of {plain.Length} bytes");
        // only the bundle's own files, by name
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/tab/tab.js.br")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/tab/other.js")).StatusCode);
    }

    [Fact]
    public async Task The_tabs_scheme_reads_tokens_on_the_tabs_api_alone_never_a_bot_activitys()
    {
        // as the host's only scheme it is the default one: it must not try the Bot Connector's token on /api/messages
        // (with Entra's metadata out of reach, every activity would wait on it)
        var tried = new List<string>();
        await using var bot = await StartAsync(teams: true, services: s => s.PostConfigure<JwtBearerOptions>(
            "TeamsTab", bearer =>
            {
                bearer.Events.OnTokenValidated = c => Note(c.Request.Path);
                bearer.Events.OnAuthenticationFailed = c => Note(c.Request.Path);
                Task Note(PathString path)
                {
                    lock (tried) tried.Add(path.Value!);
                    return Task.CompletedTask;
                }
            }));
        var token = bot.Token(Contoso, "oid-dana", "Dana");
        using var client = bot.Client(token);
        var activity = """
            {"type":"message","id":"m1","text":"help","serviceUrl":"http://127.0.0.1:9/","channelId":"msteams",
             "from":{"id":"29:dana","aadObjectId":"oid-dana","name":"Dana"},"recipient":{"id":"28:bot"},
             "conversation":{"id":"a:dana","conversationType":"personal","tenantId":"TENANT"},
             "channelData":{"tenant":{"id":"TENANT"}}}
            """.Replace("TENANT", Contoso, StringComparison.Ordinal);

        await client.PostAsync("/api/messages", new StringContent(activity, Encoding.UTF8, "application/json"));
        await client.GetAsync("/healthz");
        Assert.Empty(tried);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/tab/api/portfolio")).StatusCode);
        Assert.Equal(["/tab/api/portfolio"], tried);
    }

    private async Task<JsonElement> GetAsync(string token, string path)
    {
        using var client = _bot.Client(token);
        var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static List<string?> Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString())];
}
