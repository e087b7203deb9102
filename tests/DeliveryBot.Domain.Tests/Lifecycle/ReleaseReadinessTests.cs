using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Policies;
using DeliveryBot.Domain.Rendering;
using DeliveryBot.TestKit;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Domain.Tests.Lifecycle;

/// <summary>
/// Release readiness before deployment starts: the seed's exit criteria, each confirmed by its owner, and the go/no-go
/// of the DM (Release Manager) and the client contact (Product Owner). No go, no deployment; a no-go is a blocker.
/// </summary>
public sealed class ReleaseReadinessTests
{
    private static Scenario Windowed()
    {
        var s = Scenario.Opened().ToDeployment();
        s.Ok(Diego, new ConfirmDeploymentWindow(new(2026, 3, 30), new(2026, 4, 1)));
        return s;
    }

    private static Scenario AllMet()
    {
        var s = Windowed();
        s.Ok(Quinn, new ConfirmExitCriteria(
            ["All P1/P2 bugs resolved", "performance benchmarks met ", "Load testing complete"]));
        s.Ok(Pablo, new ConfirmExitCriteria(["Security scan passed", "Documentation updated"]));
        s.Ok(Diego, new ConfirmExitCriteria(["Runbook reviewed"]));
        s.Ok(Dana, new ConfirmExitCriteria(["UAT sign-off received"]));
        return s;
    }

    private static List<(string Who, ActionKind Kind)> Owed(Scenario s)
        => [.. NextActions.ByPerson(s.Delivery, s.Clock.GetUtcNow())
            .Where(a => a.Action.Kind is ActionKind.ConfirmExitCriteria or ActionKind.DecideGoNoGo
                or ActionKind.StartDeployment)
            .Select(a => (a.Person.DisplayName, a.Action.Kind))
            .OrderBy(a => a.DisplayName, StringComparer.Ordinal)];

    [Fact]
    public void Each_criterion_is_confirmed_by_its_owner_several_at_once_and_the_mark_says_who_and_when()
    {
        var s = Windowed();

        var done = s.Ok(Quinn, new ConfirmExitCriteria(["all p1/p2 bugs resolved", "Load testing complete"]));

        Assert.Equal(
            "Exit criteria, by Quinn: All P1/P2 bugs resolved: met; Load testing complete: met. 2 of 7 met.",
            done.Message);
        var mark = s.Delivery.LastMark(ExitCriteria.Find("Load testing complete")!)!;
        Assert.Equal((true, Quinn, s.Clock.GetUtcNow()), (mark.Met, mark.By, mark.At));
        Assert.Equal(5, s.Delivery.OpenExitCriteria.Count);
    }

    [Fact]
    public void Someone_else_s_criterion_an_unknown_one_or_none_is_refused_and_changes_nothing()
    {
        var s = Windowed();
        var before = s.Delivery.State;

        var other = s.Do(Quinn, new ConfirmExitCriteria(["Runbook reviewed"]));
        var unknown = s.Do(Quinn, new ConfirmExitCriteria(["All P1/P2 bugs resolved", "Vibes good\u202E"]));
        var none = s.Do(Quinn, new ConfirmExitCriteria([]));
        var both = s.Do(Quinn, new ConfirmExitCriteria(["Load testing complete"], ["load testing complete"]));

        Assert.Equal(OutcomeKind.Forbidden, other.Kind);
        Assert.Contains(
            "'Runbook reviewed' is confirmed by the Deployment Specialist (Diego), not by Quinn", other.Message);
        Assert.Equal(OutcomeKind.Refused, unknown.Kind);
        Assert.StartsWith("'Vibes good' is not an exit criterion; they are: All P1/P2 bugs resolved,", unknown.Message);
        Assert.Equal(("Name the exit criteria that are met.", OutcomeKind.Refused), (none.Message, none.Kind));
        Assert.Equal("'Load testing complete' cannot be met and not met at once.", both.Message);
        Assert.Same(before, s.Delivery.State);
    }

    [Fact]
    public void Confirming_again_changes_nothing_and_withdrawing_reopens_the_criterion()
    {
        var s = Windowed();
        s.Ok(Diego, new ConfirmExitCriteria(["Runbook reviewed"]));

        var again = s.Do(Diego, new ConfirmExitCriteria(["Runbook reviewed"]));
        var withdrawn = s.Ok(Diego, new ConfirmExitCriteria([], ["Runbook reviewed"]));

        Assert.Equal(OutcomeKind.AlreadyDecided, again.Kind);
        Assert.Contains("already stand as asked (1 of 7 met)", again.Message);
        Assert.Contains("Runbook reviewed: not met", withdrawn.Message);
        Assert.Equal(2, s.Delivery.State.ExitCriteriaMarks.Count);
        Assert.False(s.Delivery.IsMet(ExitCriteria.Find("Runbook reviewed")!));
    }

    [Fact]
    public void Criteria_are_confirmed_from_qa_on_and_not_before()
    {
        var production = Scenario.Opened().ToProduction();
        var early = production.Do(Quinn, new ConfirmExitCriteria(["Load testing complete"]));
        var qa = Scenario.Opened().ToQa();

        Assert.Equal(OutcomeKind.Refused, early.Kind);
        Assert.Contains("during QA or deployment coordination (stages 4 and 5)", early.Message);
        qa.Ok(Quinn, new ConfirmExitCriteria(["Load testing complete"]));
    }

    [Fact]
    public void In_stage_5_each_owner_owes_their_open_criteria_then_both_deciders_owe_the_go_no_go_by_t_minus_1()
    {
        var s = Windowed();
        Assert.Equal(
            [
                ("Dana", ActionKind.ConfirmExitCriteria), ("Diego", ActionKind.ConfirmExitCriteria),
                ("Pablo", ActionKind.ConfirmExitCriteria), ("Quinn", ActionKind.ConfirmExitCriteria),
            ],
            Owed(s));

        s = AllMet();

        Assert.Equal([("Cora", ActionKind.DecideGoNoGo), ("Dana", ActionKind.DecideGoNoGo)], Owed(s));
        // the window opens on Monday 30 March: the decision is due the Friday before
        Assert.Equal(new DateOnly(2026, 3, 27), s.Delivery.GoNoGoDate);
        Assert.Contains(
            NextActions.For(s.Delivery), a => a.What == "Decide go or no-go for the release (due 2026-03-27)");
    }

    [Fact]
    public void A_go_needs_every_criterion_met_and_the_deployment_cannot_start_without_both()
    {
        var s = Windowed();
        s.Ok(Diego, new ConfirmExitCriteria(["Runbook reviewed"]));

        var early = s.Do(Dana, new DecideGoNoGo(Role.DeliveryManager, Go: true));
        var start = s.Do(Diego, new StartDeployment());

        Assert.Equal(OutcomeKind.Refused, early.Kind);
        Assert.StartsWith("Go: not yet. 6 of 7 exit criteria are not met: All P1/P2 bugs resolved (QA Engineer),",
            early.Message);
        Assert.Equal(OutcomeKind.Refused, start.Kind);
        Assert.StartsWith(
            "Deployment cannot start without a go from the Delivery Manager and the Client contact: still owed by "
                + "Delivery Manager and Client contact.",
            start.Message);

        s = AllMet();
        var dm = s.Ok(Dana, new DecideGoNoGo(Role.DeliveryManager, Go: true));
        Assert.Equal("Go for the Delivery Manager by Dana; the Client contact's decision is still owed.", dm.Message);
        Assert.Equal(OutcomeKind.Refused, s.Do(Diego, new StartDeployment()).Kind);
        var client = s.Ok(Cora, new DecideGoNoGo(Role.ClientContact, Go: true));

        Assert.Equal(
            "Go for the Client contact by Cora: the release is approved; the deployment may start.", client.Message);
        Assert.True(s.Delivery.ReleaseApproved);
        Assert.Equal([("Diego", ActionKind.StartDeployment)], Owed(s));
        s.Ok(Diego, new StartDeployment());
        // the criteria stand as they were at the go
        Assert.Equal(OutcomeKind.Refused, s.Do(Diego, new ConfirmExitCriteria([], ["Runbook reviewed"])).Kind);
    }

    [Fact]
    public void Only_the_deciders_decide_and_each_once_a_round()
    {
        var s = AllMet();

        Assert.Equal(OutcomeKind.Forbidden, s.Do(Pablo, new DecideGoNoGo(Role.DeliveryManager, Go: true)).Kind);
        Assert.Equal(OutcomeKind.Forbidden, s.Do(Pablo, new DecideGoNoGo(Role.ClientContact, Go: true)).Kind);
        Assert.Equal(OutcomeKind.Refused, s.Do(Pablo, new DecideGoNoGo(Role.QaEngineer, Go: true)).Kind);
        s.Ok(Dana, new DecideGoNoGo(Role.DeliveryManager, Go: true));
        var again = s.Do(Dana, new DecideGoNoGo(Role.DeliveryManager, Go: false, "second thoughts"));

        Assert.Equal(OutcomeKind.AlreadyDecided, again.Kind);
        Assert.StartsWith("The Delivery Manager's go was already given by Dana at", again.Message);
        Assert.Empty(s.Delivery.State.Blockers);
    }

    [Fact]
    public void The_dm_records_the_client_s_decision_only_with_its_evidence()
    {
        var s = AllMet();

        var bare = s.Do(Dana, new DecideGoNoGo(Role.ClientContact, Go: true));
        var recorded = s.Ok(Dana, new DecideGoNoGo(
            Role.ClientContact, Go: true, Evidence: "Cora by phone, 26 Mar 15:00: 'go ahead'"));

        Assert.Equal(OutcomeKind.Refused, bare.Kind);
        Assert.StartsWith("How the client gave their decision (date, channel, their words) is required.", bare.Message);
        Assert.Contains("Go for the Client contact by Dana for the client", recorded.Message);
        var decision = s.Delivery.GoNoGoOf(Role.ClientContact)!;
        Assert.Equal((Dana, "Cora by phone, 26 Mar 15:00: 'go ahead'"), (decision.By, decision.Evidence));
    }

    [Fact]
    public void A_no_go_needs_its_reason_becomes_a_blocker_and_the_next_round_needs_both_again()
    {
        var s = AllMet();
        s.Ok(Dana, new DecideGoNoGo(Role.DeliveryManager, Go: true));

        Assert.Equal(OutcomeKind.Refused, s.Do(Cora, new DecideGoNoGo(Role.ClientContact, Go: false)).Kind);
        var noGo = s.Ok(Cora, new DecideGoNoGo(Role.ClientContact, Go: false, "Our payroll run is that week"));

        var blocker = Assert.Single(s.Delivery.State.Blockers);
        Assert.Equal(("No-go (round 1): Our payroll run is that week", Stage.DeploymentCoordination),
            (blocker.Description, blocker.Stage));
        Assert.Contains(noGo.Events, e => e is BlockerRaised { BlockerId: "B1" });
        Assert.Equal(2, s.Delivery.GoNoGoRound);
        Assert.False(s.Delivery.ReleaseApproved);
        // nobody is asked for a go while the no-go's blocker is open, and a go is refused
        Assert.DoesNotContain(Owed(s), o => o.Kind == ActionKind.DecideGoNoGo);
        var held = s.Do(Dana, new DecideGoNoGo(Role.DeliveryManager, Go: true));
        Assert.StartsWith("Go: not yet. Blocker B1 is still open", held.Message);

        s.Ok(Dana, new ResolveBlocker("B1", "Window moved past the payroll run"));

        Assert.Equal([("Cora", ActionKind.DecideGoNoGo), ("Dana", ActionKind.DecideGoNoGo)], Owed(s));
        s.Ok(Dana, new DecideGoNoGo(Role.DeliveryManager, Go: true));
        s.Ok(Cora, new DecideGoNoGo(Role.ClientContact, Go: true));
        Assert.True(s.Delivery.ReleaseApproved);
        Assert.Equal(2, s.Delivery.GoNoGoOf(Role.DeliveryManager)!.Round);
    }

    [Fact]
    public void The_record_shows_the_criteria_and_every_decision()
    {
        var s = AllMet();
        s.Ok(Dana, new DecideGoNoGo(Role.ClientContact, Go: false, "Payroll week", Evidence: "Email from Cora"));

        var md = RecordMarkdown.Render(s.Delivery, s.Clock.GetUtcNow());

        Assert.Contains("## Release readiness\n- **Exit criteria met:** 7 of 7\n- **Go/no-go due:** 2026-03-27\n"
            + "- **Decision:** round 2, not decided\n", md);
        Assert.Contains("| Runbook reviewed | Deployment Specialist | Met | Diego |", md);
        Assert.Contains("| 1 | Client contact | No-go (B1) | Dana for the client |", md);
        Assert.Contains("| 2026-03-02 10:00 | Payroll week; evidence: Email from Cora |", md);
    }

    [Fact]
    public void The_go_no_go_is_decided_in_stage_5_before_deployment_starts()
    {
        var qa = Scenario.Opened().ToQa();
        Assert.Equal(OutcomeKind.Refused, qa.Do(Dana, new DecideGoNoGo(Role.DeliveryManager, Go: false, "x")).Kind);

        var s = Scenario.Opened().HandoverSent();
        Assert.True(s.Delivery.State.Milestones[(int)Milestone.DeploymentStart].Actual is not null);
    }
}
