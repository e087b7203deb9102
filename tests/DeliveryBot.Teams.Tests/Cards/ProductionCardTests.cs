using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.Record;
using DeliveryBot.TestKit;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Teams.Tests.Cards;

/// <summary>
/// Stage 3 through real invoke activities: the PLA records that production started, checks in (a note is needed when
/// production is at risk or blocked), and confirms production complete, which moves the delivery to QA. Anyone else,
/// and a confirmation before production started, change nothing.
/// </summary>
public sealed class ProductionCardTests : CardClickTest
{
    private static Dictionary<string, string> CheckIn(string status, string note = "")
        => new() { ["status"] = status, ["note"] = note };

    [Fact]
    public async Task The_pla_records_that_production_started_and_the_button_goes()
    {
        await StoreAsync(Scenario.Opened().ToProduction());

        var before = await ClickAsync(Pablo, "checkin", "card.refresh");
        Assert.Contains("Production started", Buttons(before));
        Assert.Contains("Production start | target 2026-03-09, actual —: Upcoming", Texts(before));

        var after = await ClickAsync(Pablo, "checkin", "production.start");
        Assert.Equal(
            new DateOnly(2026, 3, 2), (await NowAsync()).State.Milestones[(int)Milestone.ProductionStart].Actual);
        Assert.Contains("Production start | target 2026-03-09, actual 2026-03-02: Done", Texts(after));
        Assert.DoesNotContain("Production started", Buttons(after));
        Assert.Equal(["On track", "At risk", "Blocked"], Buttons(after));
    }

    [Fact]
    public async Task At_risk_needs_a_note_and_the_check_ins_are_listed()
    {
        var stored = await StoreAsync(Scenario.Opened().ToProduction());

        var noNote = await ClickAsync(Pablo, "checkin", "production.checkin", CheckIn("AtRisk"));
        Assert.Contains("Say what puts production at risk or blocks it.", Texts(noNote));
        Assert.Equal(stored.Version, (await NowAsync()).Version);

        var atRisk = await ClickAsync(Pablo, "checkin", "production.checkin", CheckIn("AtRisk", "Vendor API quota"));
        Assert.Contains("At risk (Pablo): Vendor API quota", Texts(atRisk));
        var onTrack = await ClickAsync(Pablo, "checkin", "production.checkin", CheckIn("OnTrack"));
        Assert.Contains("On track (Pablo)", Texts(onTrack));
        Assert.Equal(
            [CheckInStatus.AtRisk, CheckInStatus.OnTrack], (await NowAsync()).State.CheckIns.Select(c => c.Status));
    }

    [Fact]
    public async Task Only_the_pla_sees_the_buttons_and_the_note_box()
    {
        await StoreAsync(Scenario.Opened().ToProduction());

        var dm = await ClickAsync(Dana, "checkin", "card.refresh");
        Assert.Empty(Buttons(dm));
        Assert.False(HasInput(dm, "note"));
        Assert.True(HasInput(await ClickAsync(Pablo, "checkin", "card.refresh"), "note"));
    }

    [Fact]
    public async Task Production_complete_waits_for_production_to_start()
    {
        var stored = await StoreAsync(Scenario.Opened().ToProduction());

        var shown = await ClickAsync(Pablo, "production-complete", "card.refresh");
        Assert.Contains("Production has not started yet.", Texts(shown));
        Assert.Empty(Buttons(shown));

        await ClickAsync(Pablo, "production-complete", "production.complete");
        Assert.Equal(stored.Version, (await NowAsync()).Version);
        Assert.Null((await NowAsync()).DecisionFor(Checks.ProductionComplete));
    }

    [Fact]
    public async Task The_pla_confirms_production_complete_and_the_delivery_moves_to_qa()
    {
        var s = Scenario.Opened().ToProduction();
        s.Ok(Pablo, new Domain.Commands.StartProduction());
        var stored = await StoreAsync(s);

        var shown = await ClickAsync(Pablo, "production-complete", "card.refresh");
        Assert.Contains("Production start | target 2026-03-09, actual 2026-03-02", Texts(shown));
        Assert.Contains("Production complete | target 2026-03-20, actual —", Texts(shown));

        var refused = await ClickAsync(Dana, "production-complete", "production.complete");
        Assert.Contains("Only the Production Line Architect (Pablo) can do this.", Texts(refused));
        Assert.Equal(stored.Version, (await NowAsync()).Version);

        var done = await ClickAsync(Pablo, "production-complete", "production.complete");
        Assert.Contains("✅ Production marked complete by Pablo at 2026-03-02 11:00", Texts(done));
        Assert.Empty(Buttons(done));
        Assert.Equal(Stage.QaGate, (await NowAsync()).CurrentStage);
    }
}
