using System.Text.Json;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.People;
using DeliveryBot.Teams.Tests.Support;
using DeliveryBot.TestKit;
using Microsoft.Extensions.DependencyInjection;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Teams.Tests;

/// <summary>
/// `signoff D1` through real activities: the DM gets the page's link once the handover went, anyone else is refused,
/// a Teams retry answers with the same link, and `signoff D1 revoke` withdraws it.
/// </summary>
public sealed class SignoffCommandTests : ChannelTest
{
    private int _said;

    protected override Dictionary<string, string?> Settings => new()
    {
        ["SignOff:Keys:k1"] = "c2lnbi1vZmYgdGVzdCBrZXkgb2YgdGhpcnR5LXR3byBieXRlcyE=",
        ["SignOff:PublicBaseUrl"] = "https://bot.contoso.test/",
    };

    private IDeliveryStore Store => Bot.Services.GetRequiredService<IDeliveryStore>();

    private async Task<string> SayTextAsync(Person who, string text, string? id = null)
    {
        id ??= $"said-{++_said}";
        using var response = await PostAsync(Activities.Message(Connector.ServiceUrl, text, id: id,
            fromOid: who.ObjectId!, fromName: who.DisplayName));
        Assert.True(response.IsSuccessStatusCode, $"the bot answered {(int)response.StatusCode}");
        var reply = Connector.Sends.Last(c => c.Path.EndsWith($"/activities/{id}", StringComparison.Ordinal));
        return JsonDocument.Parse(reply.Body).RootElement.GetProperty("text").GetString()!;
    }

    [Fact]
    public async Task The_dm_gets_a_link_once_the_handover_went_and_revokes_it()
    {
        await Store.SaveAsync(Contoso.Own(Scenario.Opened().ToHandover().Delivery), 0, Scenario.Start);
        Assert.StartsWith("⛔ The handover communication has not been sent yet",
            await SayTextAsync(Dana, "signoff D1"), StringComparison.Ordinal);
        var sent = Scenario.Opened().HandoverSent().Delivery;
        var stored = (await Store.FindAsync(Contoso.Key("D1")))!;
        await Store.SaveAsync(Contoso.Own(Domain.Deliveries.Delivery.Restore(
            sent.State with { Version = stored.Version + 1 })), stored.Version, Scenario.Start);

        var answer = await SayTextAsync(Dana, "signoff D1", id: "signoff-1");

        Assert.StartsWith("✅ Sign-off link L1 issued for Cora", answer, StringComparison.Ordinal);
        var link = answer.Split('`')[1];
        Assert.StartsWith("https://bot.contoso.test/signoff/k1.", link, StringComparison.Ordinal);
        // a Teams retry of the same activity: the same link, nothing more issued
        Assert.Contains(link, await SayTextAsync(Dana, "signoff D1", id: "signoff-1"), StringComparison.Ordinal);
        Assert.StartsWith("🚫 Only the Delivery Manager (Dana)", await SayTextAsync(Pablo, "signoff D1"),
            StringComparison.Ordinal);
        Assert.StartsWith("Type `signoff D1`", await SayTextAsync(Dana, "signoff D1 later"), StringComparison.Ordinal);
        Assert.Equal("✅ Sign-off link L1 revoked by Dana.", await SayTextAsync(Dana, "signoff D1 revoke"));
        var record = (await Store.FindAsync(Contoso.Key("D1")))!.State;
        Assert.Single(record.SignOffLinks);
        Assert.NotNull(record.SignOffLinks[0].RevokedAt);
        // an unknown delivery is said in plain words: the answer is Markdown, and a command in backticks came out
        // escaped ("\`list\`")
        Assert.Equal("⛔ There is no delivery D9. Type list to see the open ones.",
            await SayTextAsync(Dana, "signoff D9"));
    }
}
