using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Teams.Actions;
using DeliveryBot.TestKit;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Teams.Tests.Cards;

/// <summary>
/// Stage 5 through real invoke activities: the Deployment Specialist confirms the window (and sees whether it fits the
/// schedule), records the start, ticks the seed's checklist, and says how it went. A failure becomes a blocker that
/// holds the gate until it is resolved. Dates that do not parse, missing answers and the wrong person change nothing.
/// </summary>
public sealed class DeploymentCardTests : DeliveryCardClicks
{
    private static Scenario Started()
    {
        var s = Scenario.Opened().ToDeployment();
        s.Ok(Diego, new ConfirmDeploymentWindow(new(2026, 3, 30), new(2026, 4, 1)));
        s.Ok(Diego, new StartDeployment());
        return s;
    }

    [Fact]
    public async Task Diego_confirms_the_window_and_the_card_says_whether_it_fits_the_schedule()
    {
        await StoreAsync(Scenario.Opened().ToDeployment());
        var before = await SeenByAsync(Diego, "deployment");
        Assert.Equal(["Tick", "Confirm the window", "Confirm"], Buttons(before));
        // the planned window to start from
        Assert.Equal("2026-03-30", Input(before, "windowStart")!.Value.GetProperty("value").GetString());

        var fits = await ClickAsync(Diego, "deployment", "deployment.window",
            Values(("windowStart", "2026-03-30"), ("windowEnd", "2026-04-01")));
        Assert.Contains("Confirmed window | 2026-03-30 to 2026-04-01, by Diego at 2026-03-02 11:00 | Against the " +
            "schedule | ✅ fits: it ends by the deployment complete target (2026-04-01)", Texts(fits));
        Assert.Equal(["Tick", "Change the window", "Confirm", "Deployment started"], Buttons(fits));

        var late = await ClickAsync(Diego, "deployment", "deployment.window",
            Values(("windowStart", "2026-04-01"), ("windowEnd", "2026-04-03")));
        Assert.Contains(
            "⚠️ ends after the deployment complete target (2026-04-01): the DM updates the timeline and " +
            "tells the client", Texts(late));
        Assert.False((await NowAsync()).State.DeploymentWindow!.FitsSchedule);
    }

    [Theory]
    [InlineData("30 March", "2026-04-01",
        "⛔ The window's start: '30 March' is not a date (use the date picker, or yyyy-MM-dd). Nothing changed.")]
    [InlineData("2026-03-30", "2026-02-30",
        "⛔ The window's end: '2026-02-30' is not a date (use the date picker, or yyyy-MM-dd). Nothing changed.")]
    [InlineData("2026-03-30", "", "⛔ Pick both dates of the window. Nothing changed.")]
    public async Task A_window_whose_dates_do_not_parse_is_refused_and_changes_nothing(
        string start, string end, string note)
    {
        var stored = await StoreAsync(Scenario.Opened().ToDeployment());

        var card = await ClickAsync(
            Diego, "deployment", "deployment.window", Values(("windowStart", start), ("windowEnd", end)));

        Assert.Contains(note, Texts(card));
        Assert.Contains("Confirmed window | not confirmed yet", Texts(card));
        var d = await NowAsync();
        Assert.Equal(stored.Version, d.Version);
        Assert.Null(d.State.DeploymentWindow);
    }

    [Fact]
    public async Task Diego_records_the_start_and_then_the_outcome_buttons_appear()
    {
        var s = Scenario.Opened().ToDeployment();
        s.Ok(Diego, new ConfirmDeploymentWindow(new(2026, 3, 30), new(2026, 4, 1)));
        await StoreAsync(s);

        var card = await ClickAsync(Diego, "deployment", "deployment.start");

        Assert.Contains("Deployment started | 2026-03-02", Texts(card));
        Assert.Equal(["Tick", "Deployment succeeded", "Deployment failed", "Record the failure"], Buttons(card));
        Assert.Equal(
            new DateOnly(2026, 3, 2), (await NowAsync()).State.Milestones[(int)Milestone.DeploymentStart].Actual);
    }

    [Fact]
    public async Task Checklist_items_are_ticked_one_at_a_time_from_what_remains()
    {
        await StoreAsync(Started());
        var before = await SeenByAsync(Diego, "deployment");
        Assert.Equal(DeploymentChecklist.AllItems, Choices(before, "item"));

        var ticked = await ClickAsync(Diego, "deployment", "deployment.tick", Values(("item", "Runbook reviewed")));

        Assert.Contains("Checklist: 1 of 22 done", Texts(ticked));
        Assert.Contains("☑ Runbook reviewed", Texts(ticked));
        Assert.DoesNotContain("Runbook reviewed", Choices(ticked, "item"));
        Assert.Equal(["Runbook reviewed"], (await NowAsync()).State.DeploymentChecklistDone);
    }

    [Theory]
    [InlineData("", "⛔ Pick the checklist item that is done. Nothing changed.")]
    [InlineData("Pray", "⛔ 'Pray' is not on the deployment checklist.")]
    public async Task A_tick_that_names_no_checklist_item_changes_nothing(string item, string note)
    {
        var stored = await StoreAsync(Started());

        Assert.Contains(note, Texts(await ClickAsync(Diego, "deployment", "deployment.tick", Values(("item", item)))));
        Assert.Equal(stored.Version, (await NowAsync()).Version);
    }

    [Fact]
    public async Task A_failed_deployment_is_a_blocker_that_holds_the_gate_until_resolved()
    {
        await StoreAsync(Started());

        var failed = await ClickAsync(Diego, "deployment", "deployment.failed",
            Values(("failure", "Health checks time out behind the new gateway")));
        Assert.Contains("Deployment issues | B1: Deployment failed: Health checks time out behind the new gateway | " +
            "Open since 2026-03-02 11:00, raised by Diego", Texts(failed));
        var blocker = (await NowAsync()).State.Blockers.Single();
        Assert.Equal(
            ("Deployment failed: Health checks time out behind the new gateway", Stage.DeploymentCoordination, true),
            (blocker.Description, blocker.Stage, blocker.IsOpen));

        var held = await ClickAsync(Diego, "deployment", "deployment.succeeded");
        Assert.Contains("Blocker B1 is still open", Texts(held));
        Assert.Null((await NowAsync()).DecisionFor(Checks.DeploymentSucceeded));

        Assert.Contains("⛔ Say how B1 was resolved. Nothing changed.",
            Texts(await ClickAsync(Diego, "deployment", "deployment.resolve", Values(("blocker", "B1")))));
        var resolved = await ClickAsync(Diego, "deployment", "deployment.resolve",
            Values(("blocker", "B1"), ("resolution-B1", "Gateway timeout raised; redeployed")));
        Assert.Contains("Resolved at 2026-03-02 11:00: Gateway timeout raised; redeployed", Texts(resolved));

        var succeeded = await ClickAsync(Diego, "deployment", "deployment.succeeded");
        Assert.Contains("✅ Deployment confirmed successful by Diego at 2026-03-02 11:00", Texts(succeeded));
        Assert.Empty(Buttons(succeeded));
        Assert.True((await NowAsync()).IsActive(Stage.ClientHandover));
    }

    [Fact]
    public async Task A_failure_needs_its_description_within_what_the_record_holds()
    {
        var stored = await StoreAsync(Started());
        var card = await SeenByAsync(Diego, "deployment");
        Assert.Equal(DeploymentFailedVerb.MaxLength, Input(card, "failure")!.Value.GetProperty("maxLength").GetInt32());

        var empty = await ClickAsync(Diego, "deployment", "deployment.failed", Values(("failure", "")));
        var tooLong = await ClickAsync(Diego, "deployment", "deployment.failed",
            Values(("failure", new string('x', DeploymentFailedVerb.MaxLength + 1))));

        Assert.Contains("⛔ Say what failed. Nothing changed.", Texts(empty));
        Assert.Contains($"⛔ What failed: at most {DeploymentFailedVerb.MaxLength} characters", Texts(tooLong));
        Assert.Equal(stored.Version, (await NowAsync()).Version);
    }

    [Fact]
    public async Task Only_the_deployment_specialist_runs_the_deployment()
    {
        var s = Scenario.Opened().ToDeployment();
        s.Ok(Diego, new ConfirmDeploymentWindow(new(2026, 3, 30), new(2026, 4, 1)));
        var stored = await StoreAsync(s);

        var card = await ClickAsync(Pablo, "deployment", "deployment.start");
        var window = await ClickAsync(Quinn, "deployment", "deployment.window",
            Values(("windowStart", "2026-03-31"), ("windowEnd", "2026-04-01")));

        Assert.Contains("🚫 Only the Deployment Specialist (Diego) can do this.", Texts(card));
        Assert.Contains("🚫 Only the Deployment Specialist (Diego) can do this.", Texts(window));
        Assert.Empty(Buttons(card));
        Assert.Equal(stored.Version, (await NowAsync()).Version);
    }
}
