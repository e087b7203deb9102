using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using DeliveryBot.TestKit;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Teams.Tests.Cards;

/// <summary>
/// The CTO's escalation card through real invoke activities: acknowledge, then resolve with the resolution; a resolved
/// escalation shows how, with no buttons. Nobody else acts on it, and a focus that is not an escalation id is refused.
/// </summary>
public sealed class EscalationCardTests : DeliveryCardClicks
{
    private const string Id = "D1-E1";

    private static Scenario Escalated()
    {
        var s = Scenario.Opened().ToQa();
        s.Ok(Dana, new Escalate("QA capacity is short this week"));
        return s;
    }

    [Fact]
    public async Task Clara_acknowledges_then_resolves_and_the_resolved_card_has_no_buttons()
    {
        await StoreAsync(Escalated());
        var open = await SeenByAsync(Clara, "escalation", Id);
        Assert.Contains("Escalation D1-E1 | QA capacity is short this week | Raised | 2026-03-02 10:00 by Dana | " +
            "Escalated to | Clara (CTO) | Trigger | raised by hand | State | Open", Texts(open));
        Assert.Equal(["Acknowledge", "Resolve", "Resolve"], Buttons(open));

        var acknowledged = await ClickAsync(Clara, "escalation", "escalation.acknowledge", focus: Id);
        Assert.Contains("State | Acknowledged | Acknowledged | 2026-03-02 11:00", Texts(acknowledged));
        Assert.Equal(["Resolve", "Resolve"], Buttons(acknowledged));

        var resolved = await ClickAsync(Clara, "escalation", "escalation.resolve",
            Values(("resolution", "Borrowed a QA engineer from the platform team")), Id);
        Assert.Contains(
            "✅ Resolved by Clara at 2026-03-02 11:00: Borrowed a QA engineer from the platform team",
                Texts(resolved));
        Assert.Empty(Buttons(resolved));
        Assert.Empty(Buttons(await ClickAsync(Clara, "escalation", "card.refresh", focus: Id)));
        var e = (await NowAsync()).FindEscalation(Id)!;
        Assert.Equal(
            (EscalationState.Resolved, "Borrowed a QA engineer from the platform team"), (e.State, e.Resolution));
    }

    [Fact]
    public async Task A_resolution_is_required_and_only_the_cto_acts()
    {
        var stored = await StoreAsync(Escalated());

        var empty = await ClickAsync(Clara, "escalation", "escalation.resolve", Values(("resolution", "  ")), Id);
        var dana = await ClickAsync(Dana, "escalation", "escalation.acknowledge", focus: Id);
        var danaResolves = await ClickAsync(
            Dana, "escalation", "escalation.resolve", Values(("resolution", "Sorted it myself")), Id);

        Assert.Contains("⛔ Say how it was resolved. Nothing changed.", Texts(empty));
        Assert.All(
            [dana, danaResolves], card => Assert.Contains("🚫 Only the CTO (Clara) can do this.", Texts(card)));
        Assert.Empty(Buttons(dana));
        Assert.Equal(stored.Version, (await NowAsync()).Version);
        Assert.Equal(EscalationState.Open, (await NowAsync()).FindEscalation(Id)!.State);
    }

    [Theory]
    [InlineData("D1-E1; drop table deliveries")]
    [InlineData("../D1-E1")]
    [InlineData("D1-E1 ")]
    [InlineData("D1-E1\n")]
    [InlineData("E1")]
    [InlineData("")]
    public async Task A_tampered_focus_is_refused_and_changes_nothing(string focus)
    {
        var stored = await StoreAsync(Escalated());

        var acknowledge = await ClickAsync(Clara, "escalation", "escalation.acknowledge", focus: focus);
        var resolve = await ClickAsync(Clara, "escalation", "escalation.resolve", Values(("resolution", "x")), focus);

        Assert.True(IsRefused(acknowledge));
        Assert.True(IsRefused(resolve));
        Assert.Equal(stored.Version, (await NowAsync()).Version);
        Assert.Null((await NowAsync()).FindEscalation(Id)!.AcknowledgedAt);
    }

    [Fact]
    public async Task A_well_formed_id_of_no_escalation_shows_so_and_offers_nothing()
    {
        var stored = await StoreAsync(Escalated());

        var card = await ClickAsync(Clara, "escalation", "escalation.acknowledge", focus: "D1-E7");

        Assert.Contains("There is no escalation D1-E7 on D1.", Texts(card));
        Assert.Contains("⛔ There is no escalation D1-E7.", Texts(card));
        Assert.Empty(Buttons(card));
        Assert.Equal(stored.Version, (await NowAsync()).Version);
    }

    [Fact]
    public async Task An_automatic_escalation_names_its_trigger_in_words()
    {
        var s = Scenario.Opened().ToQa();
        s.Ok(Person.System,
            new Escalate("QA certified (target 2026-03-27) is late beyond the acceptable 2 business day(s).",
            "milestone:QaCertified"));
        await StoreAsync(s);

        var card = await SeenByAsync(Clara, "escalation", Id);

        Assert.Contains("Raised | 2026-03-02 10:00 by DeliveryBot", Texts(card));
        Assert.Contains("Trigger | QA certified late beyond its acceptable delay", Texts(card));
    }
}
