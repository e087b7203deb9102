using DeliveryBot.Domain.Commands;
using DeliveryBot.Domain.People;
using DeliveryBot.Domain.Policies;
using DeliveryBot.Domain.Record;
using DeliveryBot.TestKit;
using static DeliveryBot.Domain.Lifecycle.StageCatalog;
using static DeliveryBot.TestKit.Cast;

namespace DeliveryBot.Domain.Tests.Policies;

public sealed class NextActionsTests
{
    private static List<(Role, string)> Owed(Scenario s)
        => [.. NextActions.For(s.Delivery).Select(a => (a.Role, a.What))];

    [Fact]
    public void Each_state_of_the_record_is_worked_out_once_and_a_change_is_a_new_answer()
    {
        var s = Scenario.Opened();
        var before = NextActions.For(s.Delivery);
        Assert.Same(before, NextActions.For(s.Delivery)); // asked again of the same state

        s.Ok(Dana, new RaiseAmbiguity("Which formats?"));

        var after = NextActions.For(s.Delivery);
        Assert.NotSame(before, after);
        Assert.DoesNotContain(before, a => a.Kind == ActionKind.ResolveAmbiguity);
        Assert.Contains(after, a => a.Kind == ActionKind.ResolveAmbiguity);
        // the same state restored elsewhere (as storage restores the state it kept) has the same actions, kept with it
        Assert.Equal(
            after.Select(a => (a.Role, a.What)),
            NextActions.For(Deliveries.Delivery.Restore(s.Delivery.State)).Select(a => (a.Role, a.What)));
        Assert.Same(after, NextActions.For(Deliveries.Delivery.Restore(s.Delivery.State)));
    }

    [Fact]
    public void At_intake_the_dm_and_the_client_intake_manager_owe_the_gate()
    {
        var s = Scenario.Opened();
        s.Ok(Dana, new RaiseAmbiguity("Which formats?"));

        Assert.Equal(
            [(Role.ClientIntakeManager, "Resolve ambiguity A1: Which formats?"),
             (Role.DeliveryManager, Checks.RequirementsUnambiguous.Question),
             (Role.ClientIntakeManager, Checks.ClientTimelineAcknowledged.Question)],
            Owed(s));
    }

    [Fact]
    public void In_planning_the_dm_plans_and_shares_then_the_pla_and_deployment_specialist_acknowledge()
    {
        var s = Scenario.Opened().ToPlanning();
        Assert.Equal([(Role.DeliveryManager, "Plan the delivery schedule")], Owed(s));

        s.Ok(Dana, new PlanDelivery(Scenario.SampleSchedule));
        Assert.Contains((Role.DeliveryManager, "Share the schedule with the stakeholders"), Owed(s));
        Assert.Contains((Role.DeliveryManager, "Send the initial client communication"), Owed(s));

        s.Ok(Dana, new PublishSchedule());
        s.Ok(Dana, new RecordClientCommunication(CommunicationType.InitialCommunication, "Scope and schedule"));
        Assert.Equal(
        [
            (Role.ProductionLineArchitect, Checks.ScheduleAcknowledgedByPla.Question),
            (Role.DeploymentSpecialist, Checks.ScheduleAcknowledgedByDeployment.Question),
        ], Owed(s));
    }

    [Fact]
    public void After_a_qa_failure_the_pla_owes_remediation_and_nobody_owes_a_verdict()
    {
        var s = Scenario.Opened().ToQa();
        Assert.Equal([(Role.QaEngineer, Checks.QaPass.Question)], Owed(s));

        s.Ok(Quinn, new RecordQaVerdict(1, QaVerdict.Fail, "broken"));

        Assert.Equal([(Role.ProductionLineArchitect, "Remediate QA attempt 1 and resubmit")], Owed(s));
    }

    [Fact]
    public void Open_escalations_are_owed_by_the_cto_and_a_finished_lifecycle_by_the_dm_closing()
    {
        var s = Scenario.Opened().Reviewed();
        Assert.Equal([(Role.DeliveryManager, "Close the delivery")], Owed(s));

        s.Ok(Dana, new Escalate("late"));
        Assert.Contains((Role.Cto, "Acknowledge escalation D1-E1: late"), Owed(s));
    }

    [Fact]
    public void By_person_names_delegates_too_and_a_closed_delivery_owes_nothing()
    {
        var s = Scenario.Opened().ToQa();
        s.Ok(Quinn, new DelegateRole(Role.QaEngineer, Sam, new DateOnly(2026, 3, 4)));

        Assert.Equal([Quinn, Sam], NextActions.ByPerson(s.Delivery, s.Clock.GetUtcNow()).Select(p => p.Person));

        var closed = Scenario.Opened().Reviewed();
        closed.Ok(Dana, new CloseDelivery());
        Assert.Empty(NextActions.For(closed.Delivery));
    }

    [Fact]
    public void A_person_key_is_the_object_id_else_the_lower_cased_email()
    {
        Assert.Equal("oid-dana", Dana.Key);
        Assert.Equal("mail:cora@client.test", new Person(ObjectId: null, "Cora@Client.test", "Cora").Key);
    }
}
