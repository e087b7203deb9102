using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.Milestones;
using DeliveryBot.Domain.Record;
using DeliveryBot.TestKit;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Domain.Tests.Lifecycle;

public sealed class ProductionAndQaTests
{
    [Fact]
    public void First_check_in_records_production_start()
    {
        var s = Scenario.Opened().ToProduction();
        s.Later(TimeSpan.FromDays(7));

        s.Ok(Pablo, new RecordCheckIn(CheckInStatus.OnTrack, Note: null));

        Assert.Equal(new DateOnly(2026, 3, 9), s.Delivery.State.Milestones[(int)Milestone.ProductionStart].Actual);
        Assert.Single(s.Delivery.State.CheckIns);
    }

    [Fact]
    public void Production_complete_needs_a_recorded_start()
    {
        var s = Scenario.Opened().ToProduction();

        var outcome = s.Do(Pablo, new AcknowledgeGate(Checks.ProductionComplete.Key));

        Assert.Equal(OutcomeKind.Refused, outcome.Kind);
        Assert.Contains("Production start has not been recorded", outcome.Message);
        s.Ok(Pablo, new StartProduction());
        Assert.Equal(OutcomeKind.Refused, s.Do(Dana, new StartProduction()).Kind);
        s.Ok(Pablo, new AcknowledgeGate(Checks.ProductionComplete.Key));
    }

    [Fact]
    public void A_blocked_check_in_needs_a_note_and_raises_a_blocker_that_holds_the_gate()
    {
        var s = Scenario.Opened().ToProduction();
        Assert.Equal(OutcomeKind.Refused, s.Do(Pablo, new RecordCheckIn(CheckInStatus.Blocked, " ")).Kind);

        s.Ok(Pablo, new RecordCheckIn(CheckInStatus.Blocked, "GPU quota"));
        var blocker = Assert.Single(s.Delivery.State.Blockers);
        Assert.Equal(Stage.ProductionTracking, blocker.Stage);
        Assert.Contains(
            "Blocker B1 is still open", s.Do(Pablo, new AcknowledgeGate(Checks.ProductionComplete.Key)).Message);

        s.Ok(Pablo, new ResolveBlocker("B1", "Quota raised"));
        Assert.Equal(OutcomeKind.AlreadyDecided, s.Do(Pablo, new ResolveBlocker("b1", "again")).Kind);
        s.Ok(Pablo, new AcknowledgeGate(Checks.ProductionComplete.Key));
        Assert.Equal(Stage.QaGate, s.Delivery.CurrentStage);
    }

    [Fact]
    public void Only_the_pla_marks_production_complete()
    {
        var s = Scenario.Opened().ToProduction();
        s.Ok(Pablo, new StartProduction());

        foreach (var other in new[] { Dana, Quinn, Diego, Clara, Mallory })
            Assert.Equal(OutcomeKind.Forbidden, s.Do(other, new AcknowledgeGate(Checks.ProductionComplete.Key)).Kind);
        Assert.Equal(Stage.ProductionTracking, s.Delivery.CurrentStage);
    }

    [Fact]
    public void Entering_qa_submits_attempt_1()
    {
        var s = Scenario.Opened().ToQa();

        var attempt = Assert.Single(s.Delivery.State.QaAttempts);
        Assert.Equal(1, attempt.Number);
        Assert.True(attempt.AwaitingVerdict);
        Assert.Equal(DeliveryStatus.Qa, s.Delivery.Status);
        Assert.NotNull(s.Delivery.State.Milestones[(int)Milestone.QaSubmitted].Actual);
        Assert.NotNull(s.Delivery.State.Milestones[(int)Milestone.ProductionComplete].Actual);
    }

    [Fact]
    public void Qa_fail_needs_a_report_then_remediation_and_resubmission_keep_every_attempt()
    {
        var s = Scenario.Opened().ToQa();
        Assert.Equal(OutcomeKind.Refused, s.Do(Quinn, new RecordQaVerdict(1, QaVerdict.Fail)).Kind);

        s.Ok(Quinn, new RecordQaVerdict(1, QaVerdict.Fail, "Misroutes credit notes"));
        Assert.Equal(Stage.QaGate, s.Delivery.CurrentStage);
        Assert.Equal(OutcomeKind.Refused, s.Do(Quinn, new RecordQaVerdict(2, QaVerdict.Pass)).Kind);
        Assert.Equal(OutcomeKind.Refused, s.Do(Pablo, new ResubmitToQa("")).Kind);
        s.Ok(Pablo, new ResubmitToQa("Credit-note rule fixed"));
        Assert.Equal(OutcomeKind.Refused, s.Do(Pablo, new ResubmitToQa("again")).Kind);
        s.Ok(Quinn, new RecordQaVerdict(2, QaVerdict.Pass));

        Assert.Collection(s.Delivery.State.QaAttempts,
            a =>
            {
                Assert.Equal(QaVerdict.Fail, a.Verdict);
                Assert.Equal("Misroutes credit notes", a.FailureReport);
            },
            a =>
            {
                Assert.Equal(QaVerdict.Pass, a.Verdict);
                Assert.Equal("Credit-note rule fixed", a.RemediationNotes);
            });
        Assert.Equal(Stage.DeploymentCoordination, s.Delivery.CurrentStage);
    }

    [Fact]
    public void Nobody_but_the_qa_engineer_gives_the_verdict_not_even_the_dm()
    {
        var s = Scenario.Opened().ToQa();

        foreach (var other in new[] { Dana, Pablo, Diego, Clara, Cora, Mallory })
        {
            var outcome = s.Do(other, new RecordQaVerdict(1, QaVerdict.Pass));
            Assert.Equal(OutcomeKind.Forbidden, outcome.Kind);
            Assert.Contains("QA Engineer (Quinn)", outcome.Message);
        }
        Assert.False(s.Do(Dana, new AcknowledgeGate(Checks.QaPass.Key)).Changed);
        Assert.Null(s.Delivery.DecisionFor(Checks.QaPass));
    }

    [Fact]
    public void The_qa_gate_cannot_be_passed_by_acknowledgement()
    {
        var s = Scenario.Opened().ToQa();

        var outcome = s.Do(Quinn, new AcknowledgeGate(Checks.QaPass.Key));

        Assert.Equal(OutcomeKind.Refused, outcome.Kind);
        Assert.Equal(Stage.QaGate, s.Delivery.CurrentStage);
    }

    [Fact]
    public void A_second_verdict_on_the_same_attempt_answers_the_first()
    {
        var s = Scenario.Opened().ToQa();
        s.Ok(Quinn, new RecordQaVerdict(1, QaVerdict.Pass));
        var version = s.Delivery.Version;

        var again = s.Do(Quinn, new RecordQaVerdict(1, QaVerdict.Fail, "changed my mind"));

        Assert.Equal(OutcomeKind.AlreadyDecided, again.Kind);
        Assert.StartsWith("QA attempt 1: PASS recorded by Quinn at 2026-03-02 10:00", again.Message);
        Assert.Equal(version, s.Delivery.Version);
    }
}
