using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.TestKit;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Domain.Tests.Lifecycle;

public sealed class IntakeAndPlanningTests
{
    [Fact]
    public void Intake_gate_needs_both_the_requirements_and_the_client_timeline()
    {
        var s = Scenario.Opened();

        s.Ok(Dana, new AcknowledgeGate(Checks.RequirementsUnambiguous.Key));
        Assert.Equal(Stage.IntakeHandoff, s.Delivery.CurrentStage);

        s.Ok(Ivy, new AcknowledgeGate(Checks.ClientTimelineAcknowledged.Key));
        Assert.Equal(StageState.Passed, s.Delivery.Progress(Stage.IntakeHandoff).State);
        Assert.Equal(Stage.DeliveryPlanning, s.Delivery.CurrentStage);
        Assert.Equal(new DateOnly(2026, 3, 2), s.Delivery.State.Milestones[(int)Milestone.IntakeHandoff].Actual);
    }

    [Theory]
    [InlineData("requirements-unambiguous", "oid-ivy")]
    [InlineData("requirements-unambiguous", "oid-mallory")]
    [InlineData("client-timeline-acknowledged", "oid-dana")]
    [InlineData("client-timeline-acknowledged", "oid-pablo")]
    public void Intake_checks_only_take_the_named_role(string check, string who)
    {
        var s = Scenario.Opened();
        var person = Everyone.Single(p => p.ObjectId == who);

        var outcome = s.Do(person, new AcknowledgeGate(check));

        Assert.Equal(OutcomeKind.Forbidden, outcome.Kind);
        Assert.StartsWith("Only the ", outcome.Message);
        Assert.Empty(s.Delivery.State.Decisions);
    }

    [Fact]
    public void Open_ambiguities_hold_the_requirements_gate_until_resolved()
    {
        var s = Scenario.Opened();
        s.Ok(Dana, new RaiseAmbiguity("Which invoice formats?"));

        var refused = s.Do(Dana, new AcknowledgeGate(Checks.RequirementsUnambiguous.Key));
        Assert.Equal(OutcomeKind.Refused, refused.Kind);
        Assert.Contains("Ambiguity A1 is still open", refused.Message);

        s.Ok(Ivy, new ResolveAmbiguity("a1", "PDF and UBL only"));
        s.Ok(Dana, new AcknowledgeGate(Checks.RequirementsUnambiguous.Key));
        Assert.Equal(OutcomeKind.Refused, s.Do(Ivy, new ResolveAmbiguity("A1", "again")).Kind);
    }

    [Fact]
    public void Client_timeline_cannot_be_acknowledged_without_an_agreed_date()
    {
        var s = new Scenario();
        var intake = Scenario.SampleIntake() with { AgreedDeliveryDate = null };
        var d = Delivery.Open("D2", intake, s.Meta(Dana));

        var outcome = d.Execute(new AcknowledgeGate(Checks.ClientTimelineAcknowledged.Key), s.Meta(Ivy));

        Assert.Equal(OutcomeKind.Refused, outcome.Kind);
        Assert.Contains("agreed delivery date", outcome.Message);
    }

    [Fact]
    public void An_unknown_gate_check_is_refused()
        => Assert.Equal(OutcomeKind.Refused, Scenario.Opened().Do(Dana, new AcknowledgeGate("launch-missiles")).Kind);

    [Fact]
    public void Schedule_must_be_in_lifecycle_order()
    {
        var s = Scenario.Opened().ToPlanning();
        var bad = Scenario.SampleSchedule with { QaSubmission = new(2026, 3, 10) };

        var outcome = s.Do(Dana, new PlanDelivery(bad));

        Assert.Equal(OutcomeKind.Refused, outcome.Kind);
        Assert.Contains("QA submitted (2026-03-10) cannot be before Production complete (2026-03-20)", outcome.Message);
    }

    [Fact]
    public void Planning_sets_targets_review_target_and_acceptable_delays()
    {
        var s = Scenario.Opened().ToPlanning();
        s.Ok(Dana, new PlanDelivery(
            Scenario.SampleSchedule, new Dictionary<Milestone, int> { [Milestone.QaCertified] = 1 }));

        var m = s.Delivery.State.Milestones;
        Assert.Equal(new DateOnly(2026, 3, 9), m[(int)Milestone.ProductionStart].Target);
        Assert.Equal(new DateOnly(2026, 3, 30), m[(int)Milestone.DeploymentStart].Target);
        Assert.Equal(new DateOnly(2026, 4, 1), m[(int)Milestone.DeploymentComplete].Target);
        // 5 business days after Fri 3 April
        Assert.Equal(new DateOnly(2026, 4, 10), m[(int)Milestone.PostDeliveryReview].Target);
        Assert.Equal(1, m[(int)Milestone.QaCertified].AcceptableDelayDays);
        Assert.Equal(MilestoneEntry.DefaultAcceptableDelayDays, m[(int)Milestone.QaSubmitted].AcceptableDelayDays);
    }

    [Fact]
    public void Acknowledgements_wait_for_the_schedule_to_be_shared()
    {
        var s = Scenario.Opened().ToPlanning();
        Assert.Contains("no schedule", s.Do(Pablo, new AcknowledgeGate(Checks.ScheduleAcknowledgedByPla.Key)).Message);
        s.Ok(Dana, new PlanDelivery(Scenario.SampleSchedule));
        Assert.Contains(
            "not been shared", s.Do(Pablo, new AcknowledgeGate(Checks.ScheduleAcknowledgedByPla.Key)).Message);
    }

    [Fact]
    public void Schedule_gate_needs_the_pla_and_the_deployment_specialist()
    {
        var s = Scenario.Opened().Planned();

        Assert.Equal(
            OutcomeKind.Forbidden, s.Do(Diego, new AcknowledgeGate(Checks.ScheduleAcknowledgedByPla.Key)).Kind);
        Assert.Equal(
            OutcomeKind.Forbidden, s.Do(Dana, new AcknowledgeGate(Checks.ScheduleAcknowledgedByDeployment.Key)).Kind);
        s.Ok(Pablo, new AcknowledgeGate(Checks.ScheduleAcknowledgedByPla.Key));
        Assert.Equal(Stage.DeliveryPlanning, s.Delivery.CurrentStage);
        s.Ok(Diego, new AcknowledgeGate(Checks.ScheduleAcknowledgedByDeployment.Key));

        Assert.Equal(Stage.ProductionTracking, s.Delivery.CurrentStage);
        Assert.Equal(DeliveryStatus.InProduction, s.Delivery.Status);
    }

    [Fact]
    public void Replanning_withdraws_acknowledgements_but_keeps_them_in_history()
    {
        var s = Scenario.Opened().Planned();
        s.Ok(Pablo, new AcknowledgeGate(Checks.ScheduleAcknowledgedByPla.Key));

        s.Ok(Dana, new PlanDelivery(Scenario.SampleSchedule with { ClientHandover = new(2026, 4, 8) }));

        Assert.Null(s.Delivery.DecisionFor(Checks.ScheduleAcknowledgedByPla));
        Assert.Null(s.Delivery.State.SchedulePublishedAt);
        var withdrawn = Assert.Single(s.Delivery.State.Decisions, d => !d.Stands);
        Assert.Equal("the schedule changed", withdrawn.WithdrawnBecause);
        Assert.Contains(s.Delivery.State.Audit, e => e.Action == "decision-withdrawn");
    }

    [Fact]
    public void Publishing_needs_a_pla_and_a_deployment_specialist()
    {
        var s = new Scenario();
        var intake = Scenario.SampleIntake() with { OtherStakeholders = [] };
        var d = Delivery.Open("D3", intake, s.Meta(Dana));
        d.Execute(new AcknowledgeGate(Checks.RequirementsUnambiguous.Key), s.Meta(Dana));
        d.Execute(new AcknowledgeGate(Checks.ClientTimelineAcknowledged.Key), s.Meta(Ivy));
        d.Execute(new PlanDelivery(Scenario.SampleSchedule), s.Meta(Dana));

        var outcome = d.Execute(new PublishSchedule(), s.Meta(Dana));

        Assert.Equal(OutcomeKind.Refused, outcome.Kind);
        Assert.Contains("No Production Line Architect is assigned", outcome.Message);
    }

    [Fact]
    public void Rescheduling_a_reached_milestone_is_refused_and_a_pending_one_moves()
    {
        var s = Scenario.Opened().ToProduction();

        Assert.Equal(
            OutcomeKind.Refused,
            s.Do(Dana, new RescheduleMilestone(Milestone.IntakeHandoff, new(2026, 3, 5), "late")).Kind);
        s.Ok(Dana, new RescheduleMilestone(Milestone.QaCertified, new(2026, 3, 31), "capacity"));

        Assert.Equal(new DateOnly(2026, 3, 31), s.Delivery.State.Milestones[(int)Milestone.QaCertified].Target);
        Assert.Equal(new DateOnly(2026, 3, 27), s.Delivery.State.Schedule!.QaCertification);
        Assert.Equal(
            OutcomeKind.Forbidden,
            s.Do(Pablo, new RescheduleMilestone(Milestone.QaCertified, new(2026, 4, 2), "x")).Kind);
    }
}
