using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.Deliveries;
using DeliveryBot.Domain.Lifecycle;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Record;
using DeliveryBot.TestKit;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Domain.Tests.Lifecycle;

/// <summary>
/// Every stage-bound command tried at every point of the lifecycle (stages 1–7 and closed): it changes the
/// record exactly in its own stage. And every gate check tried by every person: only its role's holder passes it.
/// </summary>
public sealed class TransitionMatrixTests
{
    private static readonly Dictionary<string, Func<Scenario>> Positions = new()
    {
        ["1"] = () => Scenario.Opened(),
        ["2"] = () => Scenario.Opened().Planned(),
        ["3"] = () => Scenario.Opened().ToProduction(),
        ["4"] = () => Scenario.Opened().ToQa(),
        ["5"] = () => Scenario.Opened().ToDeployment(),
        ["6"] = () => Scenario.Opened().ToHandover(),
        ["7"] = () => Scenario.Opened().ToReview(),
        ["closed"] = () => { var s = Scenario.Opened().Reviewed(); s.Ok(Dana, new CloseDelivery()); return s; },
    };

    private static readonly Dictionary<string, (string Stage, Person Actor, Func<DeliveryCommand> Command)> Commands =
        new()
        {
            ["raise ambiguity"] = ("1", Dana, () => new RaiseAmbiguity("Which formats?")),
            ["requirements unambiguous"] = ("1", Dana, () => new AcknowledgeGate(Checks.RequirementsUnambiguous.Key)),
            ["client timeline"] = ("1", Ivy, () => new AcknowledgeGate(Checks.ClientTimelineAcknowledged.Key)),
            ["skip 1"] = ("1", Dana, () => new SkipStage(Stage.IntakeHandoff, "why")),
            ["plan"] = ("2", Dana, () => new PlanDelivery(Scenario.SampleSchedule)),
            ["schedule ack pla"] = ("2", Pablo, () => new AcknowledgeGate(Checks.ScheduleAcknowledgedByPla.Key)),
            ["schedule ack deployment"] =
                ("2", Diego, () => new AcknowledgeGate(Checks.ScheduleAcknowledgedByDeployment.Key)),
            ["skip 2"] = ("2", Dana, () => new SkipStage(Stage.DeliveryPlanning, "why")),
            ["start production"] = ("3", Pablo, () => new StartProduction()),
            ["check-in"] = ("3", Pablo, () => new RecordCheckIn(CheckInStatus.AtRisk, "slow")),
            ["skip 3"] = ("3", Dana, () => new SkipStage(Stage.ProductionTracking, "why")),
            ["qa pass"] = ("4", Quinn, () => new RecordQaVerdict(1, QaVerdict.Pass)),
            ["qa fail"] = ("4", Quinn, () => new RecordQaVerdict(1, QaVerdict.Fail, "broken")),
            ["skip 4"] = ("never", Dana, () => new SkipStage(Stage.QaGate, "why")),
            ["deployment window"] = ("5", Diego, () => new ConfirmDeploymentWindow(new(2026, 3, 30), new(2026, 4, 1))),
            ["tick checklist"] =
                ("5", Diego, () => new UpdateDeploymentChecklist(["Runbook reviewed", "Communication sent"])),
            ["override checklist"] = ("5", Dana, () => new OverrideDeploymentChecklist("The client runs it")),
            ["skip 5"] = ("5", Dana, () => new SkipStage(Stage.DeploymentCoordination, "why")),
            ["handover package"] = ("6", Dana, () => new PrepareHandover(Scenario.SamplePackage)),
            ["skip 6"] = ("never", Dana, () => new SkipStage(Stage.ClientHandover, "why")),
            ["review"] = ("7", Dana, () => new CompleteReview(["a"], ["b"], [])),
            ["skip 7"] = ("never", Dana, () => new SkipStage(Stage.PostDeliveryReview, "why")),
        };

    public static TheoryData<string, string> Matrix()
    {
        var data = new TheoryData<string, string>();
        foreach (var command in Commands.Keys)
            foreach (var position in Positions.Keys)
                data.Add(command, position);
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void A_stage_command_changes_the_record_only_in_its_stage(string command, string position)
    {
        var s = Positions[position]();
        var (stage, actor, make) = Commands[command];
        var state = s.Delivery.State;

        var outcome = s.Do(actor, make());

        Assert.True(
            outcome.Changed == (stage == position), $"{command} at {position}: {outcome.Kind}: {outcome.Message}");
        if (!outcome.Changed) Assert.Same(state, s.Delivery.State);
    }

    public static TheoryData<string, string> GateRoles()
    {
        var data = new TheoryData<string, string>();
        foreach (var check in new[] { Checks.RequirementsUnambiguous, Checks.ClientTimelineAcknowledged,
                                      Checks.ScheduleAcknowledgedByPla, Checks.ScheduleAcknowledgedByDeployment,
                                      Checks.ProductionComplete, Checks.DeploymentSucceeded })
            foreach (var person in Everyone)
                data.Add(check.Key, person.DisplayName);
        return data;
    }

    [Theory]
    [MemberData(nameof(GateRoles))]
    public void Only_the_holder_of_the_named_role_passes_a_gate_check(string checkKey, string personName)
    {
        var check = FindCheck(checkKey)!;
        var person = Everyone.Single(p => p.DisplayName == personName);
        var s = ReadyFor(check);

        var outcome = s.Do(person, new AcknowledgeGate(check.Key));

        var holder = s.Delivery.HolderOf(check.Role)!;
        Assert.Equal(person.IsSameAs(holder), outcome.Changed);
        if (!outcome.Changed)
        {
            Assert.Equal(OutcomeKind.Forbidden, outcome.Kind);
            Assert.Contains($"the {check.Role.Title()} ({holder.DisplayName})", outcome.Message);
        }
    }

    private static Scenario ReadyFor(GateCheck check)
    {
        var s = Scenario.Opened();
        if (check.Stage == Stage.DeliveryPlanning) s.Planned();
        if (check.Stage == Stage.ProductionTracking) { s.ToProduction(); s.Ok(Pablo, new StartProduction()); }
        if (check.Stage == Stage.DeploymentCoordination)
        {
            s.ToDeployment();
            s.Ok(Diego, new ConfirmDeploymentWindow(new(2026, 3, 30), new(2026, 4, 1)));
            s.Go();
            s.Ok(Diego, new StartDeployment());
            s.Ok(Diego, new UpdateDeploymentChecklist([.. DeploymentChecklist.AllItems]));
        }
        return s;
    }
}
