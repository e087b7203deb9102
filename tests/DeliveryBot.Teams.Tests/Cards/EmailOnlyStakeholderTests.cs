using DeliveryBot.Application.Messages;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.People;
using DeliveryBot.TestKit;
using Microsoft.Extensions.DependencyInjection;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Teams.Tests.Cards;

/// <summary>
/// A stakeholder given by email who is not in Teams cannot get a card: the DM hears it at once, in their 1:1 chat,
/// instead of the card vanishing into a log line.
/// </summary>
public sealed class EmailOnlyStakeholderTests : DeliveryCardClicks
{
    [Fact]
    public async Task A_pla_known_by_email_only_is_flagged_to_the_dm_when_their_card_cannot_reach_them()
    {
        var s = Scenario.Opened().ToPlanning();
        s.Ok(Dana, new AssignRole(
            Role.ProductionLineArchitect, new Person(ObjectId: null, "pat@partner.test", "pat@partner.test")));
        s.Ok(Dana, new PlanDelivery(Scenario.SampleSchedule));
        await StoreAsync(s);

        await ClickAsync(Dana, "planning", "plan.publish");
        await Bot.Services.GetRequiredService<OutboxDispatcher>().WhenIdleAsync();

        var notice = Assert.Single(
            Connector.Sends.Select(c => System.Text.Json.JsonDocument.Parse(c.Body).RootElement)
                .Select(a => a.TryGetProperty("text", out var t) ? t.GetString()! : ""),
            t => t.Contains("I can't reach", StringComparison.Ordinal));
        Assert.Contains("pat@partner.test in Teams (pat@partner.test is not in Teams (known by email only))",
            notice, StringComparison.Ordinal);
        Assert.Contains("Please pass it on, or `delegate` their role.", notice, StringComparison.Ordinal);
    }
}
