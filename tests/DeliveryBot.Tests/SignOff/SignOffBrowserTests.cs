using System.Net;
using System.Text.Json;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Tests.SignOff;

/// <summary>
/// The sign-off page in a real Chromium (tests/node/signoff-browser.js, Debian's chromium driven by playwright-core)
/// on the bot's Kestrel: opened from the link, answered by keyboard alone, then gate 6 is passed on the record as the
/// client contact and the same link is refused. Also: nothing but the page's own two files is requested, and it fits
/// 320 px. UPDATE_PICTURES=1 saves the page to docs/signoff.png.
/// </summary>
public sealed class SignOffBrowserTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_client_opens_the_link_answers_by_keyboard_and_the_link_then_refuses()
    {
        await using var bot = await SignOffBot.StartAsync(beforeStart: factory =>
        {
            factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
            factory.StartServer();
        });
        var address = new Uri(bot.Services.GetRequiredService<IServer>().Features
            .Get<IServerAddressesFeature>()!.Addresses.First());
        var link = new Uri(address, await bot.IssueAsync());
        var picture = Path.Combine(Path.GetTempPath(), $"signoff-{Guid.NewGuid():N}.png");

        var seen = await BrowseAsync(link, picture);

        try
        {
            Assert.Equal(200, seen.GetProperty("firstStatus").GetInt32());
            Assert.True(seen.GetProperty("reachedCheckbox").GetBoolean(), "Tab never reached the confirmation");
            Assert.True(seen.GetProperty("reachedFeedback").GetBoolean(), "Tab never reached the feedback");
            Assert.Equal(200, seen.GetProperty("answerStatus").GetInt32());
            Assert.Equal("Thank you", seen.GetProperty("answerHeading").GetString());
            Assert.Equal(404, seen.GetProperty("againStatus").GetInt32());
            Assert.Equal("This link does not work", seen.GetProperty("againHeading").GetString());
            Assert.False(seen.GetProperty("overflowsAt320").GetBoolean(), "the page scrolls sideways at 320 px");
            Assert.Equal("rgb(79, 82, 178)", seen.GetProperty("styled").GetString()); // the style sheet applied
            // a CSP violation would show here
            Assert.True(seen.GetProperty("consoleErrorsBeforeAgain").GetInt32() == 0,
                seen.GetProperty("consoleErrors").GetRawText());
            Assert.All(seen.GetProperty("requests").EnumerateArray(), r => Assert.Equal(
                address.Authority, new Uri(r.GetProperty("url").GetString()!).Authority));

            var delivery = (await bot.FindAsync())!;
            var ack = delivery.State.ClientAcknowledgement!;
            Assert.Equal(Cora, ack.RecordedBy);
            Assert.Equal(("Satisfied", "Received, thank you."), (ack.Satisfaction, ack.Feedback));
            Assert.Equal("127.0.0.1", ack.SignedOff!.From);
            Assert.Contains("Chrome", ack.SignedOff.UserAgent, StringComparison.Ordinal);
            Assert.Equal(StageState.Passed, delivery.Progress(Stage.ClientHandover).State);
            Assert.Equal(Cora, delivery.DecisionFor(Checks.ClientReceipt)!.By);

            Assert.Equal(3, seen.GetProperty("pageFiles").GetInt32()); // the page, its style sheet, its icon
            output.WriteLine($"page weight {seen.GetProperty("pageBytes").GetInt32()} bytes in 3 files; first visit "
                + $"{Timing(seen.GetProperty("timing"))}; warm (median of 9) {Timing(seen.GetProperty("warmTiming"))}");
            if (Environment.GetEnvironmentVariable("UPDATE_PICTURES") == "1")
                File.Copy(picture, Repo.Path("docs", "signoff.png"), overwrite: true);
        }
        finally
        {
            File.Delete(picture);
        }
    }

    private static string Timing(JsonElement t)
        => $"response end {Ms(t.GetProperty("responseEnd"))}, first contentful paint "
            + $"{Ms(t.GetProperty("firstContentfulPaint"))}, load {Ms(t.GetProperty("load"))}";

    private static string Ms(JsonElement value)
        => value.ValueKind == JsonValueKind.Number ? $"{value.GetDouble():0.0} ms" : "not reported";

    private static Task<JsonElement> BrowseAsync(Uri link, string picture)
        => BrowserScript.RunAsync("signoff-browser.js", [link.ToString(), picture], TimeSpan.FromMinutes(2));
}
