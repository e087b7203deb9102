using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.People;
using DeliveryBot.TestKit;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Teams.Tests.Cards;

/// <summary>
/// Release readiness through real invoke activities: each owner ticks their own exit criteria on the release card
/// (several at once; someone else's refused), then the DM and the client contact decide go or no-go in their own
/// views, the DM records the client's decision with its evidence, and a no-go becomes a blocker. A double click, a
/// tampered decider and a missing reason change nothing.
/// </summary>
public sealed class ReleaseCardTests : DeliveryCardClicks
{
    private static Scenario Windowed()
    {
        var s = Scenario.Opened().ToDeployment();
        s.Ok(Diego, new ConfirmDeploymentWindow(new(2026, 3, 30), new(2026, 4, 1)));
        return s;
    }

    /// <summary>Every criterion met but the DM's UAT sign-off.</summary>
    private static Scenario AllButUat()
    {
        var s = Windowed();
        s.Ok(Quinn, new ConfirmExitCriteria(
            ["All P1/P2 bugs resolved", "Performance benchmarks met", "Load testing complete"]));
        s.Ok(Pablo, new ConfirmExitCriteria(["Security scan passed", "Documentation updated"]));
        s.Ok(Diego, new ConfirmExitCriteria(["Runbook reviewed"]));
        return s;
    }

    [Fact]
    public async Task Each_owner_sees_and_ticks_only_their_own_criteria_several_at_once()
    {
        await StoreAsync(Windowed());

        var quinn = await SeenByAsync(Quinn, "release");
        Assert.Equal(
            ["All P1/P2 bugs resolved", "Performance benchmarks met", "Load testing complete"],
            Choices(quinn, "met"));
        Assert.Contains("Confirm your exit criteria as they are met (3 open).", Texts(quinn));
        Assert.Equal(["Save the exit criteria"], Buttons(quinn));

        var saved = await ClickAsync(Quinn, "release", "release.criteria",
            Values(("met", "All P1/P2 bugs resolved,Load testing complete"), ("shown", "")));

        Assert.Contains("Exit criteria: 2 of 7 met", Texts(saved));
        Assert.Equal(2, (await NowAsync()).State.ExitCriteriaMarks.Count);
        var tampered = await ClickAsync(Quinn, "release", "release.criteria",
            Values(("met", "All P1/P2 bugs resolved,Load testing complete,Runbook reviewed"),
                ("shown", "All P1/P2 bugs resolved,Load testing complete")));
        Assert.Contains("'Runbook reviewed' is confirmed by the Deployment Specialist (Diego)", Texts(tampered));
        Assert.Contains("The exit criteria are as they were",
            Texts(await ClickAsync(Quinn, "release", "release.criteria",
                Values(("met", "Load testing complete"), ("shown", "Load testing complete")))));
        Assert.Equal(2, (await NowAsync()).State.ExitCriteriaMarks.Count);
    }

    [Fact]
    public async Task Once_every_criterion_is_met_the_dm_and_the_client_decide_and_the_deployment_may_start()
    {
        await StoreAsync(AllButUat());
        var before = await SeenByAsync(Dana, "release");
        Assert.DoesNotContain("Go", Buttons(before)); // the UAT sign-off is still open

        var met = await ClickAsync(Dana, "release", "release.criteria",
            Values(("met", "UAT sign-off received"), ("shown", "")));

        Assert.Equal(
            ["Save the exit criteria", "Go", "No-go", "No-go", "Record the client's decision", "Record it"],
            Buttons(met));
        Assert.Equal("DeliveryManager", ButtonData(met, "Go").GetProperty("as").GetString());
        Assert.DoesNotContain("Go", Buttons(await SeenByAsync(Pablo, "release")));
        var go = await ClickAsync(Dana, "release", "release.go", Values(("as", "DeliveryManager")));
        Assert.Contains("Delivery Manager | go by Dana", Texts(go));
        var twice = await ClickAsync(Dana, "release", "release.go", Values(("as", "DeliveryManager")));
        Assert.Contains("The Delivery Manager's go was already given by Dana", Texts(twice));
        Assert.Contains("This button does not name a go/no-go decider.",
            Texts(await ClickAsync(Dana, "release", "release.go", Values(("as", "Cto")))));

        Assert.Contains("How the client gave their decision (date, channel, their words) is required.",
            Texts(await ClickAsync(Dana, "release", "release.client", Values(("clientDecision", "go")))));
        var recorded = await ClickAsync(Dana, "release", "release.client",
            Values(("clientDecision", "go"), ("evidence", "Cora on the 27 Mar call: 'go'")));

        Assert.Contains("Decision | ✅ go: the deployment may start", Texts(recorded));
        Assert.Contains("Client contact | go by Dana for the client", Texts(recorded));
        Assert.True((await NowAsync()).ReleaseApproved);
        Assert.Contains("Deployment started", Buttons(await SeenByAsync(Diego, "deployment")));
    }

    [Fact]
    public async Task A_no_go_needs_its_reason_and_becomes_a_blocker()
    {
        var s = AllButUat();
        s.Ok(Dana, new ConfirmExitCriteria(["UAT sign-off received"]));
        await StoreAsync(s);
        var cora = await SeenByAsync(Cora, "release");
        Assert.Equal("ClientContact", ButtonData(cora, "Go").GetProperty("as").GetString());

        Assert.Contains("Say why the release cannot go.",
            Texts(await ClickAsync(Cora, "release", "release.no-go", Values(("as", "ClientContact")))));
        var noGo = await ClickAsync(Cora, "release", "release.no-go",
            Values(("as", "ClientContact"), ("noGoReason", "Our payroll run is that week")));

        Assert.Contains("Client contact | not decided this round (no-go in round 1: Our payroll run is that week)",
            Texts(noGo));
        var blocker = Assert.Single((await NowAsync()).State.Blockers);
        Assert.Equal("No-go (round 1): Our payroll run is that week", blocker.Description);
        Assert.Equal(2, (await NowAsync()).GoNoGoRound);
    }

    [Fact]
    public async Task Release_d1_posts_the_card_and_the_card_is_final_once_deployment_started()
    {
        var s = Windowed();
        s.Go();
        s.Ok(Diego, new StartDeployment());
        await StoreAsync(s);

        var posted = await SayAsync(Dana, "release D1");

        Assert.Contains("Release readiness", posted.ToString());
        var seen = await SeenByAsync(Dana, "release");
        Assert.Empty(Buttons(seen));
        Assert.Contains("Decision | ✅ go: the deployment may start", Texts(seen));
        Assert.Equal(Role.DeliveryManager, (await NowAsync()).State.GoNoGoDecisions[0].As);
    }
}
