using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using DeliveryBot.TestKit;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Domain.Tests.Lifecycle;

public sealed class DeploymentAndHandoverTests
{
    [Fact]
    public void Deployment_success_needs_a_window_and_a_start()
    {
        var s = Scenario.Opened().ToDeployment();

        var early = s.Do(Diego, new AcknowledgeGate(Checks.DeploymentSucceeded.Key));
        Assert.Equal(3, early.Missing.Count);
        Assert.Equal(OutcomeKind.Refused, s.Do(Diego, new StartDeployment()).Kind);
        Assert.Equal(
            OutcomeKind.Refused, s.Do(Diego, new ConfirmDeploymentWindow(new(2026, 4, 2), new(2026, 4, 1))).Kind);

        var window = s.Ok(Diego, new ConfirmDeploymentWindow(new(2026, 3, 30), new(2026, 4, 3)));
        Assert.Contains("ends after the target (2026-04-01)", window.Message);
        Assert.False(s.Delivery.State.DeploymentWindow!.FitsSchedule);
        s.Go();
        s.Ok(Diego, new StartDeployment());
        s.Ok(Diego, new UpdateDeploymentChecklist([.. DeploymentChecklist.AllItems]));
        s.Ok(Diego, new AcknowledgeGate(Checks.DeploymentSucceeded.Key));

        Assert.Equal(Stage.ClientHandover, s.Delivery.CurrentStage);
        Assert.Equal(DeliveryStatus.Handover, s.Delivery.Status);
    }

    [Fact]
    public void Deployment_issues_hold_the_gate_and_the_checklist_is_ticked_once()
    {
        var s = Scenario.Opened().ToDeployment();
        s.Ok(Diego, new ConfirmDeploymentWindow(new(2026, 3, 30), new(2026, 4, 1)));
        s.Go();
        s.Ok(Diego, new StartDeployment());
        s.Ok(Diego, new RaiseBlocker("Smoke tests failing"));
        s.Ok(Diego, new UpdateDeploymentChecklist(["runbook reviewed"]));

        Assert.Equal(
            OutcomeKind.AlreadyDecided, s.Do(Diego, new UpdateDeploymentChecklist(["Runbook reviewed"])).Kind);
        Assert.Equal(OutcomeKind.Refused, s.Do(Diego, new UpdateDeploymentChecklist(["Sacrifice a goat"])).Kind);
        Assert.Contains("Blocker B1", s.Do(Diego, new AcknowledgeGate(Checks.DeploymentSucceeded.Key)).Message);
        Assert.Equal(["Runbook reviewed"], s.Delivery.State.DeploymentChecklistDone);
    }

    [Fact]
    public void Only_the_deployment_specialist_confirms_deployment()
    {
        var s = Scenario.Opened().ToDeployment();

        foreach (var other in new[] { Dana, Pablo, Quinn, Mallory })
        {
            Assert.Equal(
                OutcomeKind.Forbidden,
                s.Do(other, new ConfirmDeploymentWindow(new(2026, 3, 30), new(2026, 4, 1))).Kind);
            Assert.Equal(OutcomeKind.Forbidden, s.Do(other, new AcknowledgeGate(Checks.DeploymentSucceeded.Key)).Kind);
        }
    }

    [Fact]
    public void The_handover_package_needs_every_part_and_goes_before_the_communication()
    {
        var s = Scenario.Opened().ToHandover();

        Assert.Contains(
            "Prepare the handover package",
            s.Do(Dana, new RecordClientCommunication(CommunicationType.HandoverCommunication, "sent")).Message);
        var partial = s.Do(Dana, new PrepareHandover(Scenario.SamplePackage with { ConfigurationNotes = "" }));
        Assert.Contains("Configuration or customisation notes is required", partial.Message);
        s.Ok(Dana, new PrepareHandover(Scenario.SamplePackage));
        s.Ok(Dana, new RecordClientCommunication(
            CommunicationType.HandoverCommunication, "Handover sent by email", "Email"));

        Assert.Equal(new DateOnly(2026, 3, 2), s.Delivery.ActualDeliveryDate);
        Assert.Equal(OutcomeKind.Refused, s.Do(Dana, new PrepareHandover(Scenario.SamplePackage)).Kind);
        Assert.Equal(
            OutcomeKind.Refused,
            s.Do(Dana, new RecordClientCommunication(CommunicationType.HandoverCommunication, "again")).Kind);
    }

    [Fact]
    public void The_client_acknowledges_receipt_which_starts_the_review()
    {
        var s = Scenario.Opened().HandoverSent();

        s.Ok(Cora, new AcknowledgeReceipt("Looks great", "Very satisfied"));

        Assert.Equal(StageState.Passed, s.Delivery.Progress(Stage.ClientHandover).State);
        Assert.Equal(Stage.PostDeliveryReview, s.Delivery.CurrentStage);
        Assert.Equal("Looks great", s.Delivery.State.ClientAcknowledgement!.Feedback);
        Assert.Equal(
            OutcomeKind.AlreadyDecided, s.Do(Cora, new AcknowledgeReceipt(Feedback: null, Satisfaction: null)).Kind);
    }

    [Fact]
    public void Receipt_cannot_be_acknowledged_before_the_handover_is_sent()
    {
        var s = Scenario.Opened().ToHandover();

        Assert.Contains(
            "handover communication has not been sent",
            s.Do(Cora, new AcknowledgeReceipt(Feedback: null, Satisfaction: null)).Message);
    }

    [Fact]
    public void The_dm_records_receipt_only_with_evidence_and_it_is_marked_as_on_behalf()
    {
        var s = Scenario.Opened().HandoverSent();

        Assert.Contains("give its evidence", s.Do(Dana, new AcknowledgeReceipt("ok", Satisfaction: null)).Message);
        Assert.Contains("future", s.Do(Dana, new AcknowledgeReceipt(
            "ok", Satisfaction: null, new ReceiptEvidence(new(2026, 3, 9), "Email", "Got it"))).Message);
        Assert.Contains("The client's words is required", s.Do(Dana, new AcknowledgeReceipt(
            "ok", Satisfaction: null, new ReceiptEvidence(new(2026, 3, 2), "Email", ""))).Message);
        s.Ok(Dana, new AcknowledgeReceipt(
            "ok", Satisfaction: null, new ReceiptEvidence(new(2026, 3, 2), "Email", "Received, thanks!")));

        var decision = s.Delivery.DecisionFor(Checks.ClientReceipt)!;
        Assert.Equal(Role.ClientContact, decision.OnBehalfOf);
        Assert.Equal(Dana, decision.By);
        Assert.Contains("Received, thanks!", decision.Reason);
    }

    [Fact]
    public void Someone_outside_the_client_and_the_dm_cannot_acknowledge_receipt()
    {
        var s = Scenario.Opened().HandoverSent();

        var outcome = s.Do(Pablo, new AcknowledgeReceipt(Feedback: null, Satisfaction: null));

        Assert.Equal(OutcomeKind.Forbidden, outcome.Kind);
        Assert.Contains("Client contact (Cora)", outcome.Message);
        Assert.Null(s.Delivery.State.ClientAcknowledgement);
    }
}
