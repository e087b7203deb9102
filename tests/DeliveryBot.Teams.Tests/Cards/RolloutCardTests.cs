using DeliveryBot.Application.Messages;
using DeliveryBot.Application.Reminders;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Record;
using DeliveryBot.TestKit;
using Microsoft.Extensions.DependencyInjection;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Teams.Tests.Cards;

/// <summary>
/// The rollout on the deployment card through real invoke activities: the method, rollback plan and success metrics
/// set with the window; a canary's steps one button at a time, the blue-green switch, a rolling update's progress; a
/// rollback naming its trigger (QA, the PLA and the DM told); and after go-live the success metrics, asked for by a
/// reminder 24 hours on, met or not (roll back, or ask for an incident). The wrong person, a double click and a stale
/// card change nothing.
/// </summary>
public sealed class RolloutCardTests : DeliveryCardClicks
{
    private const string Plan = "Route all traffic back to the stable version.";

    private static Scenario Deploying(RolloutMethod method)
    {
        var s = Scenario.Opened().ToDeployment();
        s.Ok(Diego, new ConfirmDeploymentWindow(new(2026, 3, 30), new(2026, 4, 1), method, Plan));
        s.Go();
        s.Ok(Diego, new StartDeployment());
        return s;
    }

    /// <summary>Deployment succeeded on Monday 2 March at 10:00; the card is seen from 11:00.</summary>
    private static Scenario Live()
    {
        var s = Deploying(RolloutMethod.BlueGreen);
        s.Ok(Diego, new RecordBlueGreenSwitch());
        s.Ok(Diego, new UpdateDeploymentChecklist([.. DeploymentChecklist.AllItems]));
        s.Ok(Diego, new AcknowledgeGate(Checks.DeploymentSucceeded.Key));
        return s;
    }

    private Task IdleAsync() => Bot.Services.GetRequiredService<OutboxDispatcher>().WhenIdleAsync();

    private int Told(string what)
        => Connector.Sends.Count(c => c.Method == "POST" && c.Body.Contains(what, StringComparison.Ordinal));

    [Fact]
    public async Task Diego_sets_the_rollout_with_the_window_and_the_card_shows_it()
    {
        await StoreAsync(Scenario.Opened().ToDeployment().Go());
        var before = await SeenByAsync(Diego, "deployment");
        Assert.Equal(["BlueGreen", "Canary", "Rolling"], Choices(before, "rolloutMethod"));
        Assert.Equal(Rollout.DefaultSuccessMetrics,
            Input(before, "successMetrics")!.Value.GetProperty("value").GetString());
        Assert.Contains("Rollout | not set yet (with the window)", Texts(before));

        var bad = await ClickAsync(Diego, "deployment", "deployment.window", Values(("windowStart", "2026-03-30"),
            ("windowEnd", "2026-04-01"), ("rolloutMethod", "Waterfall"), ("rollbackPlan", Plan)));
        Assert.Contains("⛔ Pick the rollout method: blue-green, canary or rolling. Nothing changed.", Texts(bad));
        var noPlan = await ClickAsync(Diego, "deployment", "deployment.window", Values(("windowStart", "2026-03-30"),
            ("windowEnd", "2026-04-01"), ("rolloutMethod", "Canary")));
        Assert.Contains("Write the rollback plan", Texts(noPlan));
        Assert.Null((await NowAsync()).State.Rollout.Method);

        var set = await ClickAsync(Diego, "deployment", "deployment.window", Values(("windowStart", "2026-03-30"),
            ("windowEnd", "2026-04-01"), ("rolloutMethod", "Canary"), ("rollbackPlan", Plan),
            ("successMetrics", "Error rate < 0.5%")));

        Assert.Contains($"Rollout | canary, set by Diego at 2026-03-02 11:00 | Rollback plan | {Plan} | "
            + "Success metrics | Error rate < 0.5%", Texts(set));
        Assert.Equal("Canary", Input(set, "rolloutMethod")!.Value.GetProperty("value").GetString());
        Assert.Equal(RolloutMethod.Canary, (await NowAsync()).State.Rollout.Method);
    }

    [Fact]
    public async Task The_canary_moves_one_step_per_click_and_a_double_click_or_a_stale_card_changes_nothing()
    {
        var stored = await StoreAsync(Deploying(RolloutMethod.Canary));
        var card = await SeenByAsync(Diego, "deployment");
        Assert.Equal("5", ButtonData(card, "Traffic at 5%").GetProperty("percent").GetString());

        var wrong = await ClickAsync(Pablo, "deployment", "deployment.canary", Values(("percent", "5")));
        Assert.Contains("🚫 Only the Deployment Specialist (Diego) can do this.", Texts(wrong));
        Assert.Equal(stored.Version, (await NowAsync()).Version);

        var five = await ClickAsync(Diego, "deployment", "deployment.canary", Values(("percent", "5")),
            version: stored.Version);
        Assert.Contains("Rollout | ✔ 5% of the traffic · Diego, 2026-03-02 11:00", Texts(five));
        Assert.Contains("Traffic at 25%", Buttons(five));
        var stepped = (await NowAsync()).Version;

        var again = await ClickAsync(Diego, "deployment", "deployment.canary", Values(("percent", "5")),
            version: stored.Version);
        Assert.Contains("The canary was already at 5% (Diego, 2026-03-02 11:00); nothing changed.", Texts(again));
        var stale = await ClickAsync(Diego, "deployment", "deployment.canary", Values(("percent", "25")),
            version: stored.Version);
        Assert.Contains("This card was out of date", Texts(stale));
        Assert.Equal(stepped, (await NowAsync()).Version);
        Assert.Single((await NowAsync()).State.Rollout.Steps);

        foreach (var percent in new[] { "25", "50", "100" })
            card = await ClickAsync(Diego, "deployment", "deployment.canary", Values(("percent", percent)));
        Assert.DoesNotContain(Buttons(card), b => b.StartsWith("Traffic at", StringComparison.Ordinal));
        Assert.Contains("✔ 100% of the traffic", Texts(card));
    }

    [Fact]
    public async Task Blue_green_records_the_switch_and_rolling_its_progress_from_the_card()
    {
        await StoreAsync(Deploying(RolloutMethod.BlueGreen));
        var switched = await ClickAsync(Diego, "deployment", "deployment.switch");
        Assert.Contains("✔ traffic switched to the new environment · Diego, 2026-03-02 11:00", Texts(switched));
        Assert.DoesNotContain("Traffic switched", Buttons(switched));
        Assert.Contains("The traffic was already switched",
            Texts(await ClickAsync(Diego, "deployment", "deployment.switch")));
    }

    [Fact]
    public async Task A_rolling_update_records_n_of_n_and_numbers_that_do_not_parse_change_nothing()
    {
        var stored = await StoreAsync(Deploying(RolloutMethod.Rolling));
        Assert.Contains("Save the progress", Buttons(await SeenByAsync(Diego, "deployment")));

        var bad = await ClickAsync(Diego, "deployment", "deployment.rolling",
            Values(("updated", "two"), ("instances", "5")));
        Assert.Contains("⛔ Instances updated: 'two' is not a whole number. Nothing changed.", Texts(bad));
        Assert.Equal(stored.Version, (await NowAsync()).Version);

        var saved = await ClickAsync(Diego, "deployment", "deployment.rolling",
            Values(("updated", "2"), ("instances", "5")));
        Assert.Contains("✔ 2 of 5 instances updated · Diego, 2026-03-02 11:00", Texts(saved));
        Assert.Equal("5", Input(saved, "instances")!.Value.GetProperty("value").GetString());
        var backwards = await ClickAsync(Diego, "deployment", "deployment.rolling",
            Values(("updated", "1"), ("instances", "5")));
        Assert.Contains("2 of 5 instances are already updated: progress moves on.", Texts(backwards));
    }

    [Fact]
    public async Task A_rollback_names_its_trigger_counts_as_failed_and_qa_the_pla_and_the_dm_are_told()
    {
        var stored = await StoreAsync(Deploying(RolloutMethod.Canary));
        var card = await SeenByAsync(Diego, "deployment");
        Assert.Equal(DeploymentChecklist.RollbackTriggers, Choices(card, "trigger"));

        Assert.Contains("🚫 Only the Deployment Specialist (Diego) can do this.", Texts(await ClickAsync(Quinn,
            "deployment", "deployment.rollback", Values(("trigger", "Error rate > 1%"), ("seen", "2% 5xx"),
                ("rollbackOutcome", "clean")))));
        Assert.Contains("⛔ Say how the rollback went: cleanly, or with problems. Nothing changed.", Texts(
            await ClickAsync(Diego, "deployment", "deployment.rollback",
                Values(("trigger", "Error rate > 1%"), ("seen", "2% 5xx")))));
        Assert.Contains("⛔ Say what went wrong with the rollback. Nothing changed.", Texts(
            await ClickAsync(Diego, "deployment", "deployment.rollback",
                Values(("trigger", "Error rate > 1%"), ("seen", "2% 5xx"), ("rollbackOutcome", "problems")))));
        Assert.Contains("'Gut feeling' is not a rollback trigger", Texts(
            await ClickAsync(Diego, "deployment", "deployment.rollback",
                Values(("trigger", "Gut feeling"), ("seen", "2% 5xx"), ("rollbackOutcome", "clean")))));
        Assert.Equal(stored.Version, (await NowAsync()).Version);

        var rolledBack = await ClickAsync(Diego, "deployment", "deployment.rollback", Values(
            ("trigger", "Error rate > 1%"), ("seen", "2% 5xx at 5% of the traffic"), ("rollbackOutcome", "problems"),
            ("rollbackNotes", "Two pods stuck draining")));
        await IdleAsync();

        Assert.Contains("Rolled back | 2026-03-02 11:00 by Diego on “Error rate > 1%”: with problems (B1)",
            Texts(rolledBack));
        Assert.Contains("B1: Deployment failed: rolled back (Error rate > 1%): 2% 5xx at 5% of the traffic",
            Texts(rolledBack));
        Assert.DoesNotContain("Roll back", Buttons(rolledBack));
        Assert.Equal(3, Told("rolled back the deployment on")); // Quinn, Pablo and Dana; Diego has the card
        Assert.True(Told("\"card\":\"update\"") >= 1); // the delay notice offered to Dana
    }

    [Fact]
    public async Task After_go_live_the_reminder_brings_the_card_and_diego_confirms_the_success_metrics()
    {
        await StoreAsync(Live());
        var early = await SeenByAsync(Diego, "deployment");
        Assert.Contains("Monitoring | 24 hours after go-live, until 2026-03-03 10:00", Texts(early));
        Assert.Equal(["Roll back", "Record the rollback", "Open an incident", "Ask for an incident"], Buttons(early));
        Assert.Empty(Buttons(await SeenByAsync(Dana, "deployment")));

        Assert.Contains("Success metrics due to Diego: 24 hours since go-live",
            (await SayAsync(Dana, "reminders D1")).GetRawText(), StringComparison.Ordinal);
        Clock.Advance(TimeSpan.FromDays(1));
        var cards = Told("\"card\":\"deployment\"");
        var dispatcher = Bot.Services.GetRequiredService<OutboxDispatcher>();
        await Bot.Services.GetRequiredService<ReminderSweep>().RunAsync(50, CancellationToken.None);
        await dispatcher.WhenIdleAsync();
        await dispatcher.DispatchAsync(50, CancellationToken.None);
        await dispatcher.WhenIdleAsync();
        Assert.Contains((await NowAsync()).State.Reminders,
            r => r.Key.StartsWith("success-metrics:", StringComparison.Ordinal));
        Assert.Equal(cards + 1, Told("\"card\":\"deployment\"")); // the reminder sends Diego the card

        var wrong = await ClickAsync(Dana, "deployment", "deployment.metrics");
        Assert.Contains("🚫 Only the Deployment Specialist (Diego) can do this.", Texts(wrong));
        var before = (await NowAsync()).Version;
        var met = await ClickAsync(Diego, "deployment", "deployment.metrics", version: before);
        Assert.Contains("Monitoring | ✅ success metrics met (Diego, 2026-03-03 11:00)", Texts(met));
        Assert.Empty(Buttons(met));
        Assert.Contains("The success metrics were already answered by Diego at 2026-03-03 11:00: met.",
            Texts(await ClickAsync(Diego, "deployment", "deployment.metrics", version: before)));
    }

    [Fact]
    public async Task Not_met_diego_asks_for_an_incident_and_the_dm_is_told()
    {
        var stored = await StoreAsync(Live());
        Assert.Contains("⛔ Say what was seen: the DM gets it with the incident. Nothing changed.",
            Texts(await ClickAsync(Diego, "deployment", "deployment.incident")));
        Assert.Equal(stored.Version, (await NowAsync()).Version);

        var asked = await ClickAsync(Diego, "deployment", "deployment.incident",
            Values(("incidentSeen", "Latency P99 900 ms since 18:00")));
        await IdleAsync();

        Assert.Contains("Monitoring | ⚠️ not met: incident opened (Diego, 2026-03-02 11:00)", Texts(asked));
        Assert.Empty(Buttons(asked));
        Assert.Equal(1, Told("Diego opened an incident"));
        Assert.Equal(MonitoringFollowUp.OpenIncident, (await NowAsync()).State.Rollout.Monitoring!.Then);
    }
}
