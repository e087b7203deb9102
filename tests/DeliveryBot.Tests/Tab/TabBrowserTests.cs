using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using DeliveryBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static DeliveryBot.Tests.Tab.TabBot;

namespace DeliveryBot.Tests.Tab;

/// <summary>
/// The tab in a real Chromium (tests/node/tab-browser.js, Debian's chromium driven by playwright-core) on the bot's
/// Kestrel in Development, signed in through the picker as Contoso's CTO: the portfolio, D1's timeline opened by
/// keyboard alone, the metrics as charts, the dark theme; then a forged token shows nothing. Nothing is requested from
/// anywhere but the bot, and no Content-Security-Policy violation is reported. UPDATE_PICTURES=1 saves the screenshots
/// to docs/.
/// </summary>
public sealed class TabBrowserTests(ITestOutputHelper output)
{
    private static readonly string[] Pictures =
        ["tab-portfolio.png", "tab-timeline.png", "tab-metrics.png", "tab-portfolio-dark.png"];

    [Fact]
    public async Task The_cto_sees_the_portfolio_a_timeline_and_the_charts_and_a_forged_token_sees_nothing()
    {
        await using var bot = await StartAsync(teams: false, beforeStart: factory =>
        {
            factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
            factory.StartServer();
        });
        var address = new Uri(bot.Services.GetRequiredService<IServer>().Features
            .Get<IServerAddressesFeature>()!.Addresses.First());
        var folder = Directory.CreateTempSubdirectory("deliverybot-tab-").FullName;

        try
        {
            var seen = await BrowseAsync(address, Contoso, "oid-clara", folder);

            // the picker offers each organisation's people, told apart by organisation
            var people = seen.GetProperty("pickerPeople").EnumerateArray().Select(p => p.GetString()!).ToList();
            Assert.Contains(people, p => p.StartsWith("Clara", StringComparison.Ordinal) && p.Contains(Contoso,
                StringComparison.Ordinal));
            Assert.Contains(people, p => p.StartsWith("Clara", StringComparison.Ordinal) && p.Contains(Fabrikam,
                StringComparison.Ordinal));
            // Contoso's portfolio, late first; nothing of Fabrikam's
            var rows = seen.GetProperty("portfolio").EnumerateArray().ToList();
            Assert.Equal(["D1", "D2"], rows.Select(r => r.GetProperty("id").GetString()));
            Assert.True(rows[0].GetProperty("late").GetBoolean());
            Assert.Contains("Record that production has started", rows[0].GetProperty("text").GetString(),
                StringComparison.Ordinal);
            Assert.DoesNotContain(rows, r => r.GetProperty("text").GetString()!.Contains("Fabrikam",
                StringComparison.Ordinal));
            Assert.Contains("Beyond acceptable delay", seen.GetProperty("badges").EnumerateArray()
                .Select(b => b.GetString()));
            // the timeline, reached by keyboard: a bar per scheduled milestone, the late ones marked, the move said
            Assert.True(seen.GetProperty("reachedTimelineByKeyboard").GetBoolean(), "Tab never reached D1's timeline");
            var timeline = seen.GetProperty("timeline");
            Assert.StartsWith("D1 · Contoso Ltd", timeline.GetProperty("heading").GetString(),
                StringComparison.Ordinal);
            var bars = timeline.GetProperty("bars").EnumerateArray().Select(b => b.GetString()!).ToList();
            Assert.Equal(9, bars.Count);
            Assert.Contains(bars, b => b.Contains("milestone-beyondacceptabledelay", StringComparison.Ordinal));
            Assert.Contains(bars, b => b.Contains("milestone-late", StringComparison.Ordinal));
            Assert.Contains(bars, b => b.Contains("milestone-done", StringComparison.Ordinal));
            Assert.Equal(["ProductionStart", "ProductionComplete", "QaSubmitted"],
                timeline.GetProperty("lateRows").EnumerateArray().Select(r => r.GetString()));
            Assert.Contains(timeline.GetProperty("moves").EnumerateArray(), m => m.GetString()!.Contains(
                "2026-03-20 → 2026-03-25: The supplier's sample invoices arrived a week late",
                StringComparison.Ordinal));
            Assert.Contains("Production complete Late", timeline.GetProperty("chartLabel").GetString(),
                StringComparison.Ordinal);
            // today's line on the delivery's calendar (the browser's own today is another day), and no sideways scroll
            Assert.Equal("Today 2026-03-26", timeline.GetProperty("today").GetString());
            Assert.True(timeline.GetProperty("todayVisible").GetBoolean(), "today's label is outside the picture");
            Assert.False(timeline.GetProperty("overflows").GetBoolean(), "the timeline makes the page scroll sideways");
            // three charts, each with words for a screen reader
            Assert.Equal(["Deployments per month", "On-time handovers", "Incidents, March 2026"],
                seen.GetProperty("metrics").GetProperty("captions").EnumerateArray().Select(c => c.GetString()));
            Assert.All(seen.GetProperty("metrics").GetProperty("chartLabels").EnumerateArray(),
                l => Assert.Contains(": ", l.GetString(), StringComparison.Ordinal));
            // Teams' dark theme (the browser's dark scheme outside Teams): a dark background from Fluent's tokens
            Assert.Equal("rgb(36, 36, 36)", seen.GetProperty("darkBackground").GetString());
            // a forged token: 401, and not a word of any delivery
            var forged = seen.GetProperty("forged");
            Assert.Contains("You are not signed in", forged.GetProperty("alert").GetString(), StringComparison.Ordinal);
            Assert.Equal(0, forged.GetProperty("rows").GetInt32());
            Assert.DoesNotContain("Contoso", forged.GetProperty("text").GetString(), StringComparison.Ordinal);
            Assert.Contains("401 /tab/api/portfolio", seen.GetProperty("apiStatuses").EnumerateArray()
                .Select(s => s.GetString()));
            // nothing from elsewhere, and no Content-Security-Policy violation (a console error)
            Assert.True(seen.GetProperty("consoleErrorsBeforeForgery").GetInt32() == 0,
                seen.GetProperty("consoleErrors").GetRawText());
            Assert.All(seen.GetProperty("requests").EnumerateArray(), r => Assert.Equal(
                address.Authority, new Uri(r.GetProperty("url").GetString()!).Authority));

            var transfer = seen.GetProperty("firstVisitTransfer").EnumerateArray().ToList();
            output.WriteLine($"first visit (empty cache): {transfer.Count} requests, "
                + $"{transfer.Sum(t => t.GetProperty("bytes").GetInt32())} bytes over the wire "
                + $"({string.Join(", ", transfer.Select(t => $"{t.GetProperty("path").GetString()} "
                    + $"{t.GetProperty("bytes").GetInt32()}"))}); "
                + $"{Timing(seen.GetProperty("firstVisit"))}; after it (median of 5) "
                + Timing(seen.GetProperty("warmVisit")));
            if (Environment.GetEnvironmentVariable("UPDATE_PICTURES") == "1")
                foreach (var picture in Pictures)
                    File.Copy(Path.Combine(folder, picture), Repo.Path("docs", picture), overwrite: true);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Timing(JsonElement t)
        => $"first contentful paint {t.GetProperty("firstContentfulPaint")} ms, the portfolio shown "
            + $"{t.GetProperty("portfolioShownMs")} ms after the navigation";

    private static Task<JsonElement> BrowseAsync(Uri address, string tenant, string objectId, string folder)
        => BrowserScript.RunAsync(
            "tab-browser.js", [address.ToString(), tenant, objectId, folder], TimeSpan.FromMinutes(3));
}
