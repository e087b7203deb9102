using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.TestKit;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Teams.Tests.Cards;

/// <summary>
/// The intake gate card (stage 1) through real invoke activities: the DM and the Client Intake Manager each confirm
/// their check and the delivery moves to planning; ambiguities are raised and resolved one by one; the agreed date is
/// set and moved with a reason. The wrong person, a date that does not parse, a missing answer and a stale card change
/// nothing, and the card says why.
/// </summary>
public sealed class IntakeGateCardTests : CardClickTest
{
    private const string Card = "intake-gate";

    private static Dictionary<string, string> Check(string key) => new() { ["check"] = key };

    [Fact]
    public async Task It_shows_the_requirements_the_people_and_who_still_has_to_answer()
    {
        await StoreAsync(Scenario.Opened());

        var card = Texts(await ClickAsync(Dana, Card, "card.refresh"));

        Assert.Contains("D1 · Contoso Ltd — Invoice Triage Agent", card);
        Assert.Contains("An agent that triages supplier invoices.", card);
        Assert.Contains("Timeline expectations | Live before the April billing run", card);
        Assert.Contains("Agreed delivery date | 2026-04-10", card);
        Assert.Contains(
            "Delivery Manager | Dana | Client Intake Manager | Ivy | Production Line Architect | Pablo", card);
        Assert.Contains("Waiting for Dana (Delivery Manager)", card);
        Assert.Contains("Waiting for Ivy (Client Intake Manager)", card);
    }

    [Fact]
    public async Task The_dm_and_the_client_intake_manager_confirm_their_checks_and_the_delivery_moves_to_planning()
    {
        await StoreAsync(Scenario.Opened());

        var afterDana = await ClickAsync(Dana, Card, "intake.confirm", Check(Checks.RequirementsUnambiguous.Key));
        Assert.Contains("✅ Are the requirements complete and unambiguous? | Requirements confirmed unambiguous by " +
            "Dana at 2026-03-02", Texts(afterDana));
        Assert.DoesNotContain("Requirements confirmed unambiguous ✓", Buttons(afterDana));
        Assert.Equal(Stage.IntakeHandoff, (await NowAsync()).CurrentStage);

        var afterIvy = await ClickAsync(Ivy, Card, "intake.confirm", Check(Checks.ClientTimelineAcknowledged.Key));
        Assert.Contains("Client timeline acknowledged by Ivy at 2026-03-02", Texts(afterIvy));
        Assert.Equal(Stage.DeliveryPlanning, (await NowAsync()).CurrentStage);
        Assert.Empty(Buttons(afterIvy)); // stage 1 is over: nothing left to click
    }

    [Fact]
    public async Task Each_person_s_own_view_offers_only_their_own_check()
    {
        await StoreAsync(Scenario.Opened());

        Assert.Contains(
            "Requirements confirmed unambiguous ✓", Buttons(await ClickAsync(Dana, Card, "card.refresh")));
        Assert.DoesNotContain(
            "Client timeline acknowledged ✓", Buttons(await ClickAsync(Dana, Card, "card.refresh")));
        Assert.Contains("Client timeline acknowledged ✓", Buttons(await ClickAsync(Ivy, Card, "card.refresh")));
        Assert.DoesNotContain(
            "Requirements confirmed unambiguous ✓", Buttons(await ClickAsync(Ivy, Card, "card.refresh")));
        Assert.Empty(Buttons(await ClickAsync(Pablo, Card, "card.refresh")));
    }

    [Theory]
    [InlineData("Pablo", "intake.confirm", "check", "requirements-unambiguous",
        "Only the Delivery Manager (Dana) can do this.")]
    [InlineData(
        "Ivy", "intake.confirm", "check", "requirements-unambiguous", "Only the Delivery Manager (Dana) can do this.")]
    [InlineData("Dana", "intake.confirm", "check", "client-timeline-acknowledged",
        "Only the Client Intake Manager (Ivy) can do this.")]
    [InlineData("Ivy", "intake.date", "agreedDate", "2026-04-17", "Only the Delivery Manager (Dana) can do this.")]
    [InlineData("Quinn", "intake.ambiguity", "question", "Which currencies?",
        "Only the Delivery Manager (Dana) or the Client Intake Manager (Ivy) can do this.")]
    public async Task The_wrong_person_changes_nothing_and_is_told_who_can(
        string who, string verb, string input, string value, string told)
    {
        var stored = await StoreAsync(Scenario.Opened());

        var response = await ClickAsync(Cast.Everyone.Single(p => p.DisplayName == who), Card, verb,
            new Dictionary<string, string> { [input] = value });

        Assert.Contains(told, Texts(response));
        Assert.Equal(stored.Version, (await NowAsync()).Version);
    }

    [Theory]
    [InlineData("31/12/2026",
        "The agreed delivery date: '31/12/2026' is not a date (use the date picker, or yyyy-MM-dd). Nothing changed.")]
    [InlineData("2026-02-30",
        "The agreed delivery date: '2026-02-30' is not a date (use the date picker, or yyyy-MM-dd). Nothing changed.")]
    [InlineData("next friday", "The agreed delivery date: 'next friday' is not a date")]
    [InlineData("", "Pick the agreed delivery date. Nothing changed.")]
    public async Task A_date_that_does_not_parse_changes_nothing_and_the_card_says_why(string typed, string told)
    {
        var stored = await StoreAsync(Scenario.Opened());

        var response = await ClickAsync(Dana, Card, "intake.date",
            new Dictionary<string, string> { ["agreedDate"] = typed, ["dateReason"] = "Client asked" });

        Assert.Contains($"⛔ {told}", Texts(response));
        var now = await NowAsync();
        Assert.Equal((stored.Version, new DateOnly(2026, 4, 10)), (now.Version, now.State.AgreedDeliveryDate));
    }

    [Fact]
    public async Task Moving_the_agreed_date_needs_a_reason_and_asks_the_client_intake_manager_again()
    {
        var s = Scenario.Opened();
        s.Ok(Ivy, new Domain.Commands.AcknowledgeGate(Checks.ClientTimelineAcknowledged.Key));
        await StoreAsync(s);

        var noReason = await ClickAsync(
            Dana, Card, "intake.date", new Dictionary<string, string> { ["agreedDate"] = "2026-04-17" });
        Assert.Contains("reason", Texts(noReason));
        Assert.Equal(new DateOnly(2026, 4, 10), (await NowAsync()).State.AgreedDeliveryDate);

        var moved = await ClickAsync(Dana, Card, "intake.date", new Dictionary<string, string> { [
            "agreedDate"] = "2026-04-17", ["dateReason"] = "Client moved the go-live" });
        Assert.Contains("Agreed delivery date | 2026-04-17", Texts(moved));
        // the timeline she acknowledged has changed
        Assert.Contains("Waiting for Ivy (Client Intake Manager)", Texts(moved));
        Assert.Null((await NowAsync()).DecisionFor(Checks.ClientTimelineAcknowledged));
    }

    [Fact]
    public async Task Each_open_ambiguity_is_resolved_with_its_own_answer()
    {
        await StoreAsync(Scenario.Opened());
        await ClickAsync(
            Dana, Card, "intake.ambiguity", new Dictionary<string, string> { ["question"] = "Which invoice formats?" });
        var two = await ClickAsync(Ivy, Card, "intake.ambiguity",
            new Dictionary<string, string> { ["question"] = "Are credit notes included?" });
        Assert.True(HasInput(two, "resolution-A1") && HasInput(two, "resolution-A2"));
        Assert.Contains("Resolve A2", Buttons(two));

        // Teams sends every input of the card: the answer typed beside A1 does not resolve A2.
        var version = (await NowAsync()).Version;
        var wrongBox = await ClickAsync(Ivy, Card, "intake.resolve",
            new Dictionary<string, string> { ["ambiguity"] = "A2", ["resolution-A1"] = "PDF and UBL" });
        Assert.Contains("⛔ Say how A2 was resolved. Nothing changed.", Texts(wrongBox));
        Assert.Equal(version, (await NowAsync()).Version);

        var resolved = await ClickAsync(Ivy, Card, "intake.resolve",
            new Dictionary<string, string> { ["ambiguity"] = "A2", ["resolution-A1"] = "",
                ["resolution-A2"] = "Yes, credit notes too" });
        Assert.Contains("A2: Are credit notes included? → Yes, credit notes too (Ivy)", Texts(resolved));
        Assert.Contains("A1: Which invoice formats? (open)", Texts(resolved));
        Assert.False(HasInput(resolved, "resolution-A2"));
        Assert.True(HasInput(resolved, "resolution-A1"));
    }

    [Fact]
    public async Task Raising_an_ambiguity_takes_back_the_dm_s_confirmation()
    {
        var s = Scenario.Opened();
        s.Ok(Dana, new Domain.Commands.AcknowledgeGate(Checks.RequirementsUnambiguous.Key));
        await StoreAsync(s);

        var response = await ClickAsync(
            Ivy, Card, "intake.ambiguity", new Dictionary<string, string> { ["question"] = "Which currencies?" });

        Assert.Contains("Waiting for Dana (Delivery Manager)", Texts(response));
        Assert.Null((await NowAsync()).DecisionFor(Checks.RequirementsUnambiguous));
    }

    [Fact]
    public async Task A_stale_card_changes_nothing_and_is_redrawn_as_it_stands()
    {
        var stored = await StoreAsync(Scenario.Opened());
        await ClickAsync(
            Dana, Card, "intake.ambiguity", new Dictionary<string, string> { ["question"] = "Which invoice formats?" });

        var response = await ClickAsync(
            Dana, Card, "intake.confirm", Check(Checks.RequirementsUnambiguous.Key), version: stored.Version);

        Assert.Contains("This card was out of date", Texts(response));
        Assert.Contains("A1: Which invoice formats? (open)", Texts(response));
        Assert.Null((await NowAsync()).DecisionFor(Checks.RequirementsUnambiguous));
    }
}
