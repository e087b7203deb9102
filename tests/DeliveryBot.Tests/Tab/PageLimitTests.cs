using System.Net;
using DeliveryBot.Tests.SignOff;
using static DeliveryBot.Tests.Tab.TabBot;

namespace DeliveryBot.Tests.Tab;

/// <summary>
/// The web pages answer each caller a few times a minute at most: the tab's API per signed-in person (another person
/// is not held up), the sign-off page per address; past it 429 with Retry-After and nothing is read or changed.
/// An hour's window, so no test straddles two.
/// </summary>
public sealed class PageLimitTests
{
    private static readonly Dictionary<string, string> Few = new()
    {
        ["Limits:Window"] = "01:00:00", ["Limits:TabPerMinute"] = "3", ["Limits:SignOffPerMinute"] = "2",
    };

    [Fact]
    public async Task A_reader_past_their_allowance_gets_429_and_another_reader_is_not_held_up()
    {
        await using var bot = await StartAsync(teams: true, settings: Few);
        using var dana = bot.Client(bot.Token(Contoso, "oid-dana", "Dana"));
        using var clara = bot.Client(bot.Token(Contoso, "oid-clara", "Clara"));

        for (var i = 1; i <= 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await dana.GetAsync("/tab/api/portfolio")).StatusCode);
        var refused = await dana.GetAsync("/tab/api/portfolio");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "no Retry-After");
        Assert.Equal("", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await clara.GetAsync("/tab/api/portfolio")).StatusCode);
    }

    [Fact]
    public async Task An_address_past_its_allowance_on_the_sign_off_page_gets_429_and_the_link_still_works_after()
    {
        await using var bot = await SignOffBot.StartAsync(Few);
        var link = await bot.IssueAsync();
        using var client = bot.Factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(link)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/signoff/forged-token")).StatusCode);
        var refused = await client.GetAsync(link);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "no Retry-After");
        // nothing was used up: the link is as it was
        var link1 = Assert.Single((await bot.FindAsync())!.State.SignOffLinks);
        Assert.Null(link1.UsedAt);
    }
}
