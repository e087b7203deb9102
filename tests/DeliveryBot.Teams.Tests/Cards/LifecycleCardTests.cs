using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DeliveryBot.Application.Storage;
using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Record;
using DeliveryBot.Teams.Tests.Support;
using DeliveryBot.TestKit;
using Microsoft.Extensions.DependencyInjection;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Teams.Tests.Cards;

/// <summary>
/// The lifecycle's card buttons through real invoke activities, on deliveries at the point each matters: the right
/// person's click changes the record and redraws the card; the wrong person, bad input and tampered data change
/// nothing.
/// </summary>
public sealed class LifecycleCardTests : IAsyncLifetime
{
    private ChannelFactory _bot = null!;
    private HttpClient _http = null!;
    private IDeliveryStore _store = null!;
    private int _clicks;

    public Task InitializeAsync()
    {
        _bot = new ChannelFactory(new Dictionary<string, string?>());
        _http = _bot.CreateClient();
        _store = _bot.Services.GetRequiredService<IDeliveryStore>();
        return Task.CompletedTask;
    }

    private async Task<Delivery> StoreAsync(Scenario s)
    {
        await _store.SaveAsync(Contoso.Own(s.Delivery), 0, Scenario.Start);
        return s.Delivery;
    }

    private async Task<Delivery> NowAsync() => (await _store.FindAsync(Contoso.Key("D1")))!;

    /// <summary>A click on a card drawn from the stored record, with inputs; the card it answers with, as
    /// text.</summary>
    private async Task<string> ClickAsync(Domain.People.Person who, string card, string verb, object? inputs = null,
        string focus = "", long? version = null)
    {
        var data = new JsonObject { ["card"] = card, ["deliveryId"] = "D1", ["focus"] = focus,
            ["version"] = version ?? (await NowAsync()).Version };
        if (inputs is not null)
            foreach (var (k, v) in JsonSerializer.SerializeToNode(inputs)!.AsObject()) data[k] = v?.DeepClone();
        var json = Activities.Invoke(new Uri("http://127.0.0.1:1/"), verb, data.ToJsonString(), who.ObjectId!,
            who.DisplayName, $"click-{++_clicks}");
        using var response = await _http.PostAsync(
            new Uri("/api/messages", UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return body.GetProperty("value").GetRawText();
    }

    [Fact]
    public async Task Intake_ambiguities_are_raised_and_resolved_and_the_agreed_date_is_set()
    {
        await StoreAsync(Scenario.Opened());

        Assert.Contains("A1: Which invoice formats? (open)",
            await ClickAsync(Dana, "intake-gate", "intake.ambiguity", new { question = "Which invoice formats?" }));
        Assert.Contains("Say how A1 was resolved.",
            await ClickAsync(Ivy, "intake-gate", "intake.resolve", new { ambiguity = "A1" }));
        Assert.Contains("A1: Which invoice formats? → PDF and UBL (Ivy)",
            await ClickAsync(Ivy, "intake-gate", "intake.resolve",
                new Dictionary<string, string> { ["ambiguity"] = "A1", ["resolution-A1"] = "PDF and UBL" }));
        Assert.Contains("'31/12/2026' is not a date",
            await ClickAsync(Dana, "intake-gate", "intake.date", new { agreedDate = "31/12/2026" }));
        await ClickAsync(Dana, "intake-gate", "intake.date",
            new { agreedDate = "2026-06-30", dateReason = "Client moved the go-live" });
        Assert.Equal(new DateOnly(2026, 6, 30), (await NowAsync()).State.AgreedDeliveryDate);
        Assert.Contains("does not name a check of the intake gate",
            await ClickAsync(Dana, "intake-gate", "intake.confirm", new { check = "qa-pass" }));
    }

    [Fact]
    public async Task The_dm_agrees_the_status_update_cadence_on_the_planning_card()
    {
        await StoreAsync(Scenario.Opened().ToProduction());

        Assert.Contains("'ten' is not a time", await ClickAsync(Dana, "planning", "plan.cadence",
            new { cadenceDay = "Thursday", cadenceTime = "ten", cadenceWeeks = "1" }));
        Assert.Contains("Pick the day of the week.",
            await ClickAsync(Dana, "planning", "plan.cadence", new { cadenceDay = "Someday", cadenceTime = "10:00" }));
        Assert.Contains("Every 2 weeks on Thursday at 10:00 (Europe/London)",
            await ClickAsync(Dana, "planning", "plan.cadence",
                new { cadenceDay = "Thursday", cadenceTime = "10:00", cadenceWeeks = "2" }));
        Assert.Equal(2, (await NowAsync()).State.Settings.Cadence!.EveryWeeks);
    }

    [Fact]
    public async Task A_blocked_check_in_raises_a_blocker_and_only_the_pla_can_check_in()
    {
        await StoreAsync(Scenario.Opened().ToProduction());

        Assert.Contains("Only the Production Line Architect (Pablo)",
            await ClickAsync(Quinn, "checkin", "production.checkin", new { status = "OnTrack" }));
        Assert.Contains("does not say how production is going",
            await ClickAsync(Pablo, "checkin", "production.checkin", new { status = "Sideways" }));
        await ClickAsync(
            Pablo, "checkin", "production.checkin", new { status = "Blocked", note = "Vendor API keys not issued" });

        var d = await NowAsync();
        Assert.Equal(CheckInStatus.Blocked, d.State.CheckIns[^1].Status);
        Assert.Single(d.State.Blockers, b => b.IsOpen);
    }

    [Fact]
    public async Task Only_the_qa_engineer_decides_and_a_fail_needs_its_report()
    {
        await StoreAsync(Scenario.Opened().ToQa());

        Assert.Contains("Only the QA Engineer (Quinn)", await ClickAsync(Dana, "qa", "qa.pass", new { attempt = 1 }));
        Assert.Contains("A FAIL needs its failure report",
            await ClickAsync(Quinn, "qa", "qa.fail", new { attempt = 1, failureReport = "  " }));
        Assert.Contains(
            "does not name a QA attempt", await ClickAsync(Quinn, "qa", "qa.pass", new { attempt = "one" }));
        Assert.Null((await NowAsync()).CurrentQaAttempt!.Verdict);
    }

    [Fact]
    public async Task The_deployment_window_is_confirmed_the_checklist_ticked_and_success_confirmed()
    {
        await StoreAsync(Scenario.Opened().ToDeployment().Go());

        Assert.Contains("'30 March' is not a date", await ClickAsync(
            Diego, "deployment", "deployment.window", new { windowStart = "30 March", windowEnd = Day(12) }));
        // The scenario's schedule is in the past of the bot's clock, so a window from today on ends after its target.
        Assert.Contains($"{Day(10)} to {Day(12)}, by Diego at ",
            await ClickAsync(
                Diego, "deployment", "deployment.window", new { windowStart = Day(10), windowEnd = Day(12) }));
        Assert.Contains("Checklist: 1 of 22 done",
            await ClickAsync(Diego, "deployment", "deployment.checklist", new Dictionary<string, string>
            {
                ["ticked-pre-deployment"] = "All tests passing",
            }));
        Assert.Contains("is not on the deployment checklist",
            await ClickAsync(Diego, "deployment", "deployment.checklist", new Dictionary<string, string>
            {
                ["ticked"] = "All tests passing", ["ticked-pre-deployment"] = "All tests passing,Pray",
            }));
        await ClickAsync(Diego, "deployment", "deployment.start");
        Assert.Contains("Say what failed.", await ClickAsync(Diego, "deployment", "deployment.failed"));
        Assert.Contains("has 21 of 22 items open",
            await ClickAsync(Diego, "deployment", "deployment.succeeded"));
        await ClickAsync(Diego, "deployment", "deployment.checklist", new Dictionary<string, string>
        {
            ["ticked"] = "All tests passing",
            ["ticked-pre-deployment"] = string.Join(",", Domain.Lifecycle.DeploymentChecklist.PreDeployment),
            ["ticked-deployment"] = string.Join(",", Domain.Lifecycle.DeploymentChecklist.Deployment),
            ["ticked-post-deployment"] = string.Join(",", Domain.Lifecycle.DeploymentChecklist.PostDeployment),
        });
        Assert.Contains(
            "Deployment confirmed successful by Diego", await ClickAsync(Diego, "deployment", "deployment.succeeded"));
        Assert.True((await NowAsync()).IsActive(Domain.Lifecycle.Stage.ClientHandover));
    }

    private static string Day(int fromToday)
        => DateTime.UtcNow.AddDays(fromToday).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_failed_deployment_becomes_a_blocker()
    {
        var s = Scenario.Opened().ToDeployment();
        s.Ok(Diego, new ConfirmDeploymentWindow(new(2026, 3, 30), new(2026, 4, 1)));
        s.Go();
        s.Ok(Diego, new StartDeployment());
        await StoreAsync(s);

        await ClickAsync(
            Diego, "deployment", "deployment.failed", new { failure = "Health checks failing after the switch" });

        Assert.Equal("Deployment failed: Health checks failing after the switch", (await NowAsync())
            .State.Blockers.Single().Description);
    }

    [Fact]
    public async Task The_client_acknowledges_receipt_in_teams()
    {
        await StoreAsync(Scenario.Opened().HandoverSent());

        var card = await ClickAsync(
            Cora, "client-ack", "client.ack", new { feedback = "Works on our invoices", satisfaction = "Satisfied" });

        Assert.Contains("Receipt acknowledged by Cora", card);
        Assert.True((await NowAsync()).IsActive(Domain.Lifecycle.Stage.PostDeliveryReview));
    }

    [Theory]
    [InlineData("{}", "needs its evidence")]
    [InlineData("""{"evidenceDate":"yesterday","evidenceChannel":"Email","evidenceQuote":"Got it"}""",
        "'yesterday' is not a date")]
    public async Task The_dm_records_receipt_only_with_its_evidence(string inputs, string expected)
    {
        await StoreAsync(Scenario.Opened().HandoverSent());

        Assert.Contains(expected, await ClickAsync(
            Dana, "client-ack", "client.ack-evidence", JsonSerializer.Deserialize<Dictionary<string, string>>(inputs)));
        Assert.Null((await NowAsync()).State.ClientAcknowledgement);
    }

    [Fact]
    public async Task The_review_needs_what_went_well_what_could_improve_and_whole_follow_ups()
    {
        await StoreAsync(Scenario.Opened().ToReview());

        Assert.Contains("What went well: write at least one point.",
            await ClickAsync(Dana, "review", "review.complete", new { couldImprove = "QA earlier" }));
        Assert.Contains("Follow-up 1 needs both", await ClickAsync(Dana, "review", "review.complete",
            new { wentWell = "Gates", couldImprove = "QA", followUp1 = "Automate" }));
        Assert.Contains("Review completed by Dana", await ClickAsync(Dana, "review", "review.complete",
            new { wentWell = "Clear gates\nFast QA", couldImprove = "QA earlier", followUp1 = "Automate smoke tests",
                owner1 = "Quinn" }));
        Assert.Equal(["Clear gates", "Fast QA"], (await NowAsync()).State.Review!.WentWell);
    }

    [Fact]
    public async Task A_close_before_the_quality_gate_holds_lists_what_is_missing_and_then_closes()
    {
        var s = Scenario.Opened().ToReview();
        await StoreAsync(s);

        var refused = await ClickAsync(Dana, "close", "delivery.close");
        Assert.Contains("cannot be closed yet", refused);
        Assert.Contains("review", refused, StringComparison.OrdinalIgnoreCase);
        Assert.False((await NowAsync()).IsClosed);
    }

    [Fact]
    public async Task The_cto_acknowledges_and_resolves_an_escalation_from_its_card()
    {
        var s = Scenario.Opened().ToQa();
        s.Ok(Dana, new Escalate("QA capacity is short this week"));
        await StoreAsync(s);

        Assert.Contains(
            "Only the CTO (Clara)", await ClickAsync(Dana, "escalation", "escalation.acknowledge", focus: "D1-E1"));
        await ClickAsync(Clara, "escalation", "escalation.acknowledge", focus: "D1-E1");
        Assert.Contains("Resolved by Clara", await ClickAsync(
            Clara, "escalation", "escalation.resolve", new { resolution = "Borrowed an engineer" }, "D1-E1"));
        Assert.True((await NowAsync()).FindEscalation("D1-E1")!.IsResolved);
    }

    [Theory]
    [InlineData("D1-E1; drop")]
    [InlineData("../D1-E1")]
    [InlineData("")]
    public async Task A_tampered_escalation_focus_is_refused(string focus)
    {
        var s = Scenario.Opened().ToQa();
        s.Ok(Dana, new Escalate("QA capacity"));
        await StoreAsync(s);

        Assert.Contains("not valid", await ClickAsync(Clara, "escalation", "escalation.acknowledge", focus: focus));
        Assert.Null((await NowAsync()).FindEscalation("D1-E1")!.AcknowledgedAt);
    }

    [Fact]
    public async Task Risks_are_added_and_closed_from_the_register()
    {
        await StoreAsync(Scenario.Opened().ToProduction());

        Assert.Contains("Likelihood and impact are Low, Medium or High.", await ClickAsync(Dana, "risk", "risk.add",
            new { description = "x", likelihood = "Huge", impact = "High", mitigation = "m" }));
        Assert.Contains("R1: Vendor API rate limits", await ClickAsync(Pablo, "risk", "risk.add",
            new { description = "Vendor API rate limits", likelihood = "Medium", impact = "High",
                mitigation = "Cache responses", concernsClient = "true" }));
        Assert.True((await NowAsync()).State.Risks.Single().ConcernsClient);
        await ClickAsync(Dana, "risk", "risk.close", new { risk = "R1" });
        Assert.False((await NowAsync()).State.Risks.Single().IsOpen);
    }

    [Fact]
    public async Task The_drafted_update_is_marked_sent_and_logged()
    {
        await StoreAsync(Scenario.Opened().ToProduction());

        Assert.Contains("Give a summary",
            await ClickAsync(Dana, "update", "update.sent", new { channel = "Email" }, "StatusUpdate"));
        await ClickAsync(Dana, "update", "update.sent",
            new { summary = "Weekly update: production on track", channel = "Email" }, "StatusUpdate");
        Assert.Contains(
            "does not name a client message", await ClickAsync(Dana, "status", "update.sent", new { summary = "x" }));

        var sent = (await NowAsync()).State.StatusUpdates[^1];
        Assert.Equal((CommunicationType.StatusUpdate, "Weekly update: production on track", "Email"),
            (sent.Type, sent.Summary, sent.Channel));
    }

    [Fact]
    public async Task A_nudge_for_a_plain_acknowledgement_answers_it_and_one_for_qa_points_to_its_card()
    {
        await StoreAsync(Scenario.Opened().Planned());

        Assert.Contains("Schedule acknowledged by Diego",
            await ClickAsync(Diego, "nudge", "gate.acknowledge", focus: "schedule-acknowledged-deployment"));
        var s = Scenario.Opened().ToQa();
        var qa = CardSamples.Cards.Draw(new Teams.Cards.CardRef("nudge", "D1", "qa-pass"), s.Delivery,
            new Teams.Cards.CardContext(s.Clock.GetUtcNow(), Quinn)).Element.GetRawText();
        Assert.Contains("Answer it on the QA card", qa);
        Assert.DoesNotContain("gate.acknowledge", qa); // a QA verdict is never a plain acknowledgement
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _bot.DisposeAsync();
    }
}
