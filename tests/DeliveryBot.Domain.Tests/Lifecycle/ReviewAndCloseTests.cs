using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using DeliveryBot.TestKit;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Domain.Tests.Lifecycle;

public sealed class ReviewAndCloseTests
{
    [Fact]
    public void Review_starts_five_business_days_after_handover_when_the_client_is_silent()
    {
        var s = Scenario.Opened().HandoverSent(); // sent Monday 2 March 10:00

        s.Later(TimeSpan.FromDays(6)); // Sunday 8 March
        var early = s.Do(Person.System, new StartReview());
        Assert.Equal(OutcomeKind.Refused, early.Kind);
        Assert.Contains("2026-03-09 10:00", early.Message);

        s.Later(TimeSpan.FromDays(1)); // Monday 9 March 10:00
        s.Ok(Person.System, new StartReview());
        Assert.Equal(StageState.Active, s.Delivery.Progress(Stage.ClientHandover).State);
        Assert.Equal(StageState.Active, s.Delivery.Progress(Stage.PostDeliveryReview).State);
        Assert.Equal(Stage.PostDeliveryReview, s.Delivery.CurrentStage);
        Assert.Equal(OutcomeKind.AlreadyDecided, s.Do(Person.System, new StartReview()).Kind);
    }

    [Fact]
    public void A_late_client_acknowledgement_still_passes_stage_6_during_the_review()
    {
        var s = Scenario.Opened().HandoverSent().Later(TimeSpan.FromDays(7));
        s.Ok(Person.System, new StartReview());

        s.Ok(Cora, new AcknowledgeReceipt("Late but fine", Satisfaction: null));

        Assert.Equal(StageState.Passed, s.Delivery.Progress(Stage.ClientHandover).State);
        Assert.Equal(StageState.Active, s.Delivery.Progress(Stage.PostDeliveryReview).State);
    }

    [Fact]
    public void Others_cannot_start_the_review()
        => Assert.Equal(
            OutcomeKind.Forbidden,
            Scenario.Opened().HandoverSent().Later(TimeSpan.FromDays(7)).Do(Pablo, new StartReview()).Kind);

    [Fact]
    public void The_review_needs_lessons_on_both_sides()
    {
        var s = Scenario.Opened().ToReview();

        Assert.Contains("What went well", s.Do(Dana, new CompleteReview([" "], ["x"], [])).Message);
        Assert.Contains("What could improve", s.Do(Dana, new CompleteReview(["x"], [], [])).Message);
        Assert.Contains(
            "owner is required", s.Do(Dana, new CompleteReview(["x"], ["y"], [new FollowUp("do", "")])).Message);
        s.Ok(Dana, new CompleteReview(
            ["Gates held"], ["Earlier QA"], [new FollowUp("Add QA smoke", "Quinn")], "Client happy"));

        Assert.Equal(StageState.Passed, s.Delivery.Progress(Stage.PostDeliveryReview).State);
        Assert.NotNull(s.Delivery.State.Milestones[8].Actual);
    }

    [Fact]
    public void Close_is_refused_with_everything_missing()
    {
        var s = Scenario.Opened().ToProduction();
        s.Ok(Dana, new Escalate("Capacity"));

        var outcome = s.Do(Dana, new CloseDelivery());

        Assert.Equal(OutcomeKind.Refused, outcome.Kind);
        Assert.Contains(
            "Stage 3 (Production tracking) is neither completed nor skipped with a rationale.", outcome.Missing);
        Assert.Contains(
            "Stage 7 (Post-delivery review) is neither completed nor skipped with a rationale.", outcome.Missing);
        Assert.Contains("The client has not acknowledged receipt.", outcome.Missing);
        Assert.Contains("The post-delivery review is not complete.", outcome.Missing);
        Assert.Contains("Milestone 'QA certified' has no actual date.", outcome.Missing);
        Assert.Contains("The handover package is not complete.", outcome.Missing);
        Assert.Contains("Escalation D1-E1 is not resolved: Capacity", outcome.Missing);
        Assert.DoesNotContain(outcome.Missing, m => m.Contains("Intake handoff", StringComparison.Ordinal));
        Assert.Null(s.Delivery.State.ClosedAt);
    }

    [Fact]
    public void Close_lists_an_unfilled_role()
    {
        var s = new Scenario();
        var d = Delivery.Open("D4", Scenario.SampleIntake() with { OtherStakeholders = [] }, s.Meta(Dana));

        var outcome = d.Execute(new CloseDelivery(), s.Meta(Dana));

        Assert.Contains("No CTO is assigned.", outcome.Missing);
        Assert.Contains("No Client contact is assigned.", outcome.Missing);
    }

    [Fact]
    public void A_complete_delivery_closes_and_then_changes_no_more()
    {
        var s = Scenario.Opened().Reviewed();
        Assert.Equal(OutcomeKind.Forbidden, s.Do(Pablo, new CloseDelivery()).Kind);

        s.Ok(Dana, new CloseDelivery());

        Assert.Equal(DeliveryStatus.Complete, s.Delivery.Status);
        Assert.Equal(OutcomeKind.AlreadyDecided, s.Do(Dana, new CloseDelivery()).Kind);
        var refused = s.Do(Dana, new AddRisk("late risk", Level.Low, Level.Low, "none"));
        Assert.Equal(OutcomeKind.Refused, refused.Kind);
        Assert.Contains("closed", refused.Message);
    }
}
