using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.TestKit;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Domain.Tests.Lifecycle;

public sealed class SkipTests
{
    [Fact]
    public void The_dm_skips_the_intake_stage_with_a_rationale_and_its_milestone_is_skipped()
    {
        var s = Scenario.Opened();

        s.Ok(Dana, new SkipStage(Stage.IntakeHandoff, "Requirements came through the framework agreement"));

        var progress = s.Delivery.Progress(Stage.IntakeHandoff);
        Assert.Equal(StageState.Skipped, progress.State);
        Assert.Equal("Requirements came through the framework agreement", progress.SkipRationale);
        Assert.Equal("Dana", progress.SkippedBy);
        Assert.True(s.Delivery.State.Milestones[(int)Milestone.IntakeHandoff].Skipped);
        Assert.Equal(Stage.DeliveryPlanning, s.Delivery.CurrentStage);
    }

    [Fact]
    public void Skipping_production_goes_straight_to_qa_with_attempt_1()
    {
        var s = Scenario.Opened().ToProduction();

        s.Ok(Dana, new SkipStage(Stage.ProductionTracking, "Talent reused from delivery D0"));

        Assert.Equal(Stage.QaGate, s.Delivery.CurrentStage);
        Assert.Single(s.Delivery.State.QaAttempts);
        Assert.True(s.Delivery.State.Milestones[(int)Milestone.ProductionStart].Skipped);
        Assert.True(s.Delivery.State.Milestones[(int)Milestone.ProductionComplete].Skipped);
    }

    [Fact]
    public void Qa_can_never_be_skipped()
    {
        var s = Scenario.Opened().ToQa();

        var outcome = s.Do(Dana, new SkipStage(Stage.QaGate, "Client is in a hurry"));

        Assert.Equal(OutcomeKind.Refused, outcome.Kind);
        Assert.Contains("can never be skipped", outcome.Message);
        Assert.Equal(StageState.Active, s.Delivery.Progress(Stage.QaGate).State);
    }

    [Fact]
    public void A_skip_needs_a_rationale_the_dm_and_a_stage_under_way()
    {
        var s = Scenario.Opened();

        Assert.Equal(OutcomeKind.Refused, s.Do(Dana, new SkipStage(Stage.IntakeHandoff, "  ")).Kind);
        Assert.Equal(OutcomeKind.Forbidden, s.Do(Pablo, new SkipStage(Stage.IntakeHandoff, "because")).Kind);
        Assert.Equal(OutcomeKind.Refused, s.Do(Dana, new SkipStage(Stage.DeploymentCoordination, "later")).Kind);
        Assert.Equal(1, s.Delivery.Version);
    }

    [Fact]
    public void Handover_and_review_cannot_be_skipped_because_closing_needs_what_they_produce()
    {
        var s = Scenario.Opened().HandoverSent().Later(TimeSpan.FromDays(7));
        s.Ok(DeliveryBot.Domain.People.Person.System, new StartReview());

        var handover = s.Do(Dana, new SkipStage(Stage.ClientHandover, "Client handover done in person"));
        var review = s.Do(Dana, new SkipStage(Stage.PostDeliveryReview, "Reviewed in the quarterly retro"));

        Assert.Contains("client's acknowledgement of receipt", handover.Message);
        Assert.Contains("completed post-delivery review", review.Message);
        Assert.Equal(StageState.Active, s.Delivery.Progress(Stage.ClientHandover).State);
    }

    [Fact]
    public void A_skipped_stage_counts_for_the_quality_gate()
    {
        var s = Scenario.Opened();
        s.Ok(Dana, new SkipStage(Stage.IntakeHandoff, "Framework agreement"));

        var outcome = s.Do(Dana, new CloseDelivery());

        Assert.DoesNotContain(outcome.Missing, m => m.StartsWith("Stage 1 ", StringComparison.Ordinal));
        Assert.DoesNotContain(outcome.Missing, m => m.Contains("Intake handoff", StringComparison.Ordinal));
        Assert.Contains(outcome.Missing, m => m.StartsWith("Stage 2 ", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_stage_is_refused()
        => Assert.Contains("not a known stage", Scenario.Opened().Do(Dana, new SkipStage((Stage)9, "why")).Message);

    [Fact]
    public void Stage_names_parse_from_numbers_and_words()
    {
        Assert.Equal(Stage.QaGate, StageText.Parse("4"));
        Assert.Equal(Stage.QaGate, StageText.Parse("QA"));
        Assert.Equal(Stage.DeploymentCoordination, StageText.Parse(" deployment "));
        Assert.Equal(Stage.PostDeliveryReview, StageText.Parse("post-delivery review"));
        Assert.Null(StageText.Parse("9"));
        Assert.Null(StageText.Parse("lunch"));
        Assert.Null(StageText.Parse(null));
    }
}
