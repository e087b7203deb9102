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
/// schedule), records the start, ticks the seed's checklist (several boxes in one submission, unticking too), and
/// says how it went, which needs the checklist done or the DM's override with a reason. A failure becomes a blocker
/// that holds the gate until it is resolved. Dates that do not parse, missing answers and the wrong person change
/// nothing.
/// </summary>
public sealed class DeploymentCardTests : DeliveryCardClicks
{
    private static Scenario Started()
    {
        var s = Scenario.Opened().ToDeployment();
        s.Ok(Diego, new ConfirmDeploymentWindow(new(2026, 3, 30), new(2026, 4, 1)));
        s.Go();
        s.Ok(Diego, new StartDeployment());
        return s;
    }

    [Fact]
    public async Task Diego_confirms_the_window_and_the_card_says_whether_it_fits_the_schedule()
    {
        await StoreAsync(Scenario.Opened().ToDeployment().Go());
        var before = await SeenByAsync(Diego, "deployment");
        Assert.Equal(["Save the checklist", "Confirm the window", "Confirm"], Buttons(before));
        // the planned window to start from
        Assert.Equal("2026-03-30", Input(before, "windowStart")!.Value.GetProperty("value").GetString());

        var fits = await ClickAsync(Diego, "deployment", "deployment.window",
            Values(("windowStart", "2026-03-30"), ("windowEnd", "2026-04-01")));
        Assert.Contains("Confirmed window | 2026-03-30 to 2026-04-01, by Diego at 2026-03-02 11:00 | Against the " +
            "schedule | ✅ fits: it ends by the deployment complete target (2026-04-01)", Texts(fits));
        Assert.Equal(["Save the checklist", "Change the window", "Confirm", "Deployment started"], Buttons(fits));

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
    public async Task Before_the_go_the_card_offers_no_start_and_says_what_it_waits_for()
    {
        var s = Scenario.Opened().ToDeployment();
        s.Ok(Diego, new ConfirmDeploymentWindow(new(2026, 3, 30), new(2026, 4, 1)));
        await StoreAsync(s);

        var card = await SeenByAsync(Diego, "deployment");

        Assert.DoesNotContain("Deployment started", Buttons(card));
        Assert.Contains("deployment starts after the go/no-go (the release card)", Texts(card));
        Assert.Contains("Go/no-go | not given yet: 0 of 7 exit criteria met (type: release D1)", Texts(card));
        Assert.Contains("Deployment cannot start without a go",
            Texts(await ClickAsync(Diego, "deployment", "deployment.start")));
    }

    [Fact]
    public async Task Diego_records_the_start_and_then_the_outcome_buttons_appear()
    {
        var s = Scenario.Opened().ToDeployment();
        s.Ok(Diego, new ConfirmDeploymentWindow(new(2026, 3, 30), new(2026, 4, 1)));
        s.Go();
        await StoreAsync(s);

        var card = await ClickAsync(Diego, "deployment", "deployment.start");

        Assert.Contains("Deployment started | 2026-03-02", Texts(card));
        Assert.Equal(
            [
                "Save the checklist", "Roll back", "Record the rollback", "Deployment succeeded", "Deployment failed",
                "Record the failure",
            ],
            Buttons(card));
        Assert.Equal(
            new DateOnly(2026, 3, 2), (await NowAsync()).State.Milestones[(int)Milestone.DeploymentStart].Actual);
    }

    [Fact]
    public async Task One_submission_ticks_several_items_and_the_card_shows_the_progress_and_what_is_open()
    {
        await StoreAsync(Started());
        var before = await SeenByAsync(Diego, "deployment");
        Assert.Equal(DeploymentChecklist.PreDeployment, Choices(before, "ticked-pre-deployment"));
        Assert.Equal(DeploymentChecklist.Deployment, Choices(before, "ticked-deployment"));
        Assert.Equal(DeploymentChecklist.PostDeployment, Choices(before, "ticked-post-deployment"));
        Assert.True(Input(before, "ticked-deployment")!.Value.GetProperty("isMultiSelect").GetBoolean());
        Assert.Contains("Checklist: 0 of 22 done, 22 open", Texts(before));

        var saved = await SaveAsync(Diego, before,
            ("ticked-pre-deployment", "All tests passing,Runbook reviewed,Communication sent"),
            ("ticked-post-deployment", "Documentation updated"));

        Assert.Contains("Checklist: 4 of 22 done, 18 open", Texts(saved));
        Assert.Contains(
            "Still open: Security scan complete · Change request approved · Rollback plan documented", Texts(saved));
        Assert.Contains("Pre-deployment · 3 of 8", Texts(saved));
        Assert.Equal("All tests passing,Runbook reviewed,Communication sent",
            Input(saved, "ticked-pre-deployment")!.Value.GetProperty("value").GetString());
        var d = await NowAsync();
        Assert.Equal(
            ["All tests passing", "Runbook reviewed", "Communication sent", "Documentation updated"],
            d.State.DeploymentChecklistDone);
        Assert.All(d.State.DeploymentChecklistMarks, m => Assert.Equal(("Diego", true), (m.By.DisplayName, m.Ticked)));
        var audit = d.State.Audit[^1];
        Assert.Equal(("update-deployment-checklist", "Diego", "card:deployment.checklist"),
            (audit.Action, audit.Actor.DisplayName, audit.Source));
    }

    [Fact]
    public async Task Unticking_a_box_unticks_its_item_and_the_card_and_record_say_who_and_when()
    {
        var s = Started();
        s.Ok(Diego, new UpdateDeploymentChecklist(["All tests passing", "Runbook reviewed"]));
        await StoreAsync(s);
        var before = await SeenByAsync(Dana, "deployment");
        Assert.Equal("All tests passing,Runbook reviewed", ButtonData(before, "Save the checklist")
            .GetProperty("ticked").GetString());

        var saved = await SaveAsync(
            Dana, before, ("ticked-pre-deployment", "All tests passing,Security scan complete"));

        Assert.Contains("Checklist: 2 of 22 done, 20 open", Texts(saved));
        var d = await NowAsync();
        Assert.False(d.IsTicked("Runbook reviewed"));
        var unticked = d.LastMark("Runbook reviewed")!;
        Assert.Equal(("Dana", false), (unticked.By.DisplayName, unticked.Ticked));
        Assert.Equal(
            "Deployment checklist, by Dana: ticked 'Security scan complete'; unticked 'Runbook reviewed'. " +
            "2 of 22 done.",
            d.State.Audit[^1].Summary);
        var record = (await SayAsync(Dana, "record D1")).GetProperty("text").GetString()!;
        Assert.Contains("## Deployment checklist\n- **Done:** 2 of 22\n", record);
        Assert.Contains("| Pre-deployment | All tests passing | Ticked | Diego | 2026-03-02 10:00 |", record);
        Assert.Contains("| Pre-deployment | Runbook reviewed | Unticked | Dana | 2026-03-02 11:00 |", record);
        Assert.Contains("| Pre-deployment | Security scan complete | Ticked | Dana | 2026-03-02 11:00 |", record);
    }

    [Fact]
    public async Task A_save_that_changes_nothing_or_names_no_checklist_item_changes_nothing()
    {
        var stored = await StoreAsync(Started());
        var card = await SeenByAsync(Diego, "deployment");

        var same = await SaveAsync(Diego, card);
        var unknown = await SaveAsync(Diego, card, ("ticked-deployment", "Pray,Smoke tests passing"));

        Assert.Contains(
            "⛔ The checklist is as it was: tick or untick items, then save it. Nothing changed.", Texts(same));
        Assert.Contains("⛔ 'Pray' is not on the deployment checklist.", Texts(unknown));
        Assert.Equal(stored.Version, (await NowAsync()).Version);
    }

    [Fact]
    public async Task Deployment_succeeded_names_the_open_items_until_the_dm_overrides_the_checklist_with_a_reason()
    {
        var s = Started();
        s.Ok(Diego, new UpdateDeploymentChecklist([.. DeploymentChecklist.AllItems.SkipLast(2)]));
        await StoreAsync(s);

        var held = await ClickAsync(Diego, "deployment", "deployment.succeeded");
        Assert.Contains("The deployment checklist has 2 of 22 items open: Stakeholders notified, Change request " +
            "closed. Tick them, or the DM overrides the checklist with a reason.", Texts(held));
        Assert.DoesNotContain("Override the checklist", Buttons(held));
        Assert.Null((await NowAsync()).DecisionFor(Checks.DeploymentSucceeded));

        var danas = await SeenByAsync(Dana, "deployment");
        Assert.Contains("2 checklist items are open: tick what is done, or override the checklist with a reason.",
            Texts(danas));
        Assert.Equal(["Save the checklist", "Override the checklist", "Override"], Buttons(danas));
        Assert.Contains("🚫 Only the Delivery Manager (Dana) can do this.",
            Texts(await ClickAsync(Diego, "deployment", "deployment.override", Values(("overrideReason", "Mine")))));
        Assert.Contains("⛔ Say why the deployment can be confirmed with checklist items open. Nothing changed.",
            Texts(await ClickAsync(Dana, "deployment", "deployment.override", Values(("overrideReason", " ")))));

        var overridden = await ClickAsync(Dana, "deployment", "deployment.override",
            Values(("overrideReason", "The client notifies its stakeholders and closes the change itself")));
        Assert.Contains("Checklist overridden by Dana at 2026-03-02 11:00 with 2 open: The client notifies its " +
            "stakeholders and closes the change itself", Texts(overridden));
        Assert.DoesNotContain("Override the checklist", Buttons(overridden));

        var succeeded = await ClickAsync(Diego, "deployment", "deployment.succeeded");
        Assert.Contains("✅ Deployment confirmed successful by Diego at 2026-03-02 11:00", Texts(succeeded));
        var record = (await SayAsync(Dana, "record D1")).GetProperty("text").GetString()!;
        Assert.Contains("- **Override:** by Dana at 2026-03-02 11:00, with 2 open (Stakeholders notified, Change " +
            "request closed): The client notifies its stakeholders and closes the change itself", record);
    }

    [Fact]
    public async Task Deployment_succeeded_with_boxes_changed_but_not_saved_asks_for_the_save_first()
    {
        var s = Started();
        s.Ok(Diego, new UpdateDeploymentChecklist([.. DeploymentChecklist.AllItems.SkipLast(1)]));
        var stored = await StoreAsync(s);
        var card = await SeenByAsync(Diego, "deployment");

        var unsaved = await ClickAsync(Diego, "deployment", "deployment.succeeded", Values(
            ("ticked", ButtonData(card, "Deployment succeeded").GetProperty("ticked").GetString()),
            ("ticked-pre-deployment", string.Join(",", DeploymentChecklist.PreDeployment)),
            ("ticked-deployment", string.Join(",", DeploymentChecklist.Deployment)),
            ("ticked-post-deployment", string.Join(",", DeploymentChecklist.PostDeployment))));

        Assert.Contains("⛔ You changed the checklist without saving it: press Save the checklist first. " +
            "Nothing changed.", Texts(unsaved));
        Assert.Equal(stored.Version, (await NowAsync()).Version);
    }

    /// <summary>
    /// What Teams sends for a press of Save the checklist: the button's data and every checkbox set's value, those
    /// given here changed, the others as drawn.
    /// </summary>
    private Task<System.Text.Json.JsonElement> SaveAsync(
        Domain.People.Person who, System.Text.Json.JsonElement seen, params (string Input, string Value)[] changed)
    {
        var values = Values(("ticked", ButtonData(seen, "Save the checklist").GetProperty("ticked").GetString()));
        foreach (var input in new[] { "ticked-pre-deployment", "ticked-deployment", "ticked-post-deployment" })
            values[input] = changed.Any(c => c.Input == input)
                ? changed.First(c => c.Input == input).Value
                : Input(seen, input)!.Value.GetProperty("value").GetString();
        return ClickAsync(who, "deployment", "deployment.checklist", values);
    }

    [Fact]
    public async Task A_failed_deployment_is_a_blocker_that_holds_the_gate_until_resolved()
    {
        var s = Started();
        s.Ok(Diego, new UpdateDeploymentChecklist([.. DeploymentChecklist.AllItems]));
        await StoreAsync(s);

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
        // live: what is left is the monitoring's answer (see RolloutCardTests)
        Assert.Equal(
            ["Roll back", "Record the rollback", "Open an incident", "Ask for an incident"], Buttons(succeeded));
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
